import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hark } from '../../../src-main/app/hark';
import { catalogueProbe } from '../../../src-main/app/catalogue-probe';
import { CLASS_COUNT } from '../../../src-main/ml/efficientat';
import { modelsDir, modelStatus } from '../../../src-main/ml/model-manager';
import { BridgeColumns } from '../../../src-main/search/label-bridge/columns';
import { readColumnsCache } from '../../../src-main/search/label-bridge/columns-cache';
import { openDatabase } from '../../../src-main/store/database';
import { SONIC_PI, sonicPi } from '../../helpers/sounds';
import { useTempDirs } from '../../helpers/temp';

// The default model end to end: real sounds, the real tagger, the real text encoder and label bank.
// Needs the models installed (`npm ci` does it when a mirror is at hand; else `npx hark models install --mirror …`).
describe('neural search with the default model (label bridge)', () => {
  const tempDir = useTempDirs();
  let hark: Hark;
  let dir: string;

  beforeAll(async () => {
    for (const id of ['efficientat-mn04-as', 'audioset', 'ucs']) {
      const status = await modelStatus(id);
      if (status.state !== 'installed') throw new Error(`model ${id}: ${status.message}`);
    }
    dir = tempDir();
    const library = join(dir, 'lib');
    mkdirSync(library);
    // Names that say nothing: only the audio can find them.
    sonicPi(library, 'ambi_choir.flac', 'take_01.flac');
    sonicPi(library, 'misc_crow.flac', 'take_02.flac');
    sonicPi(library, 'drum_heavy_kick.flac', 'take_03.flac');
    sonicPi(library, 'ambi_glass_rub.flac', 'take_04.flac');
    // 25 s: 13 s of quiet hiss, then a drum break: a search for drums should not point at the start.
    const drums = join(SONIC_PI, 'loop_amen_full.flac');
    execFileSync('sox', [
      '-V1',
      '-n',
      '-r',
      '44100',
      '-c',
      '1',
      join(dir, 'hiss.wav'),
      'synth',
      '13',
      'pinknoise',
      'vol',
      '0.02',
    ]);
    execFileSync('sox', [
      '-V1',
      join(dir, 'hiss.wav'),
      '|sox -V1 ' + drums + ' -r 44100 -c 1 -p repeat 3',
      join(library, 'take_05.wav'),
      'trim',
      '0',
      '25',
    ]);
    hark = await Hark.open({
      dbPath: join(dir, 'library.db'),
      modelsDir: modelsDir(),
      probe: catalogueProbe(null),
      workers: 0,
    });
    await hark.addRoot({ path: library });
    const result = await hark.indexNow();
    expect(result.analysed).toBe(5);
    // No GPU provider ships in this install: the encoder ran on the CPU, and `hark info` says so.
    expect((await hark.getInfo()).executionProvider).toMatch(/^cpu \(/);
  }, 300_000);

  afterAll(() => hark?.close());

  it('finds sounds by description when no name says so', async () => {
    const top = async (text: string) => (await hark.search({ text, limit: 3 })).hits.map((hit) => hit.name);
    expect((await top('a choir singing'))[0]).toBe('take_01.flac');
    expect((await top('a crow cawing'))[0]).toBe('take_02.flac');
    expect((await top('breaking glass or clinking glasses')).slice(0, 2)).toContain('take_04.flac');
  });

  it('explains each neural match with the tags that carried it and stores auto-tags', async () => {
    const response = await hark.search({ text: 'bird', limit: 1 });
    expect(response.used.neural).toBe(true);
    // A crow is in the library: the query is a good match, and the signal says so with its own numbers.
    expect(response.noGoodMatch).toEqual({
      flagged: false,
      calibrated: false,
      score: expect.any(Number),
      threshold: expect.any(Number),
    });
    expect(response.noGoodMatch!.score).toBeLessThanOrEqual(response.noGoodMatch!.threshold);
    const hit = response.hits[0]!;
    expect(hit.explanation.tags.map((tag) => tag.label).join(' ')).toMatch(/Bird|Crow/);
    const details = await hark.getFile({ fileId: hit.id });
    expect(details.tags.some((tag) => tag.source === 'audioset')).toBe(true);
    expect(details.tags.some((tag) => tag.source === 'ucs')).toBe(true);
  });

  it("gives each hit the file's own tags, whatever the query weighted", async () => {
    // The choir is among the hits for a crow (the list is the whole small library): its match tags are the
    // query's classes, its file tags what the tagger heard in it.
    const hits = (await hark.search({ text: 'a crow cawing', limit: 5 })).hits;
    const crow = hits.find((hit) => hit.name === 'take_02.flac')!;
    const choir = hits.find((hit) => hit.name === 'take_01.flac')!;
    expect(crow.explanation.fileTags!.map((tag) => tag.label).join(' ')).toMatch(/Crow|Bird/);
    const choirTags = choir.explanation.fileTags!.map((tag) => tag.label);
    expect(choirTags.join(' ')).toMatch(/Choir|Singing|Music/);
    expect(choirTags.join(' ')).not.toMatch(/Crow|Caw/);
    for (const tag of choir.explanation.fileTags!) {
      expect(tag.source).toBe('audioset');
      expect(tag.score).toBeGreaterThan(0);
      expect(tag.score).toBeLessThanOrEqual(1);
    }
  });

  it('finds more like this from the audio features', async () => {
    const kick = (await hark.search({ text: 'kick drum', limit: 1 })).hits[0]!;
    const similar = await hark.similar({ fileId: kick.id, limit: 4 });
    expect(similar.hits.map((hit) => hit.id)).not.toContain(kick.id);
    expect(similar.hits).toHaveLength(4);
  });

  it('says where in a long file the match is', async () => {
    const hits = (await hark.search({ text: 'drums', limit: 5 })).hits;
    const long = hits.find((hit) => hit.name === 'take_05.wav')!;
    expect(long.duration).toBeCloseTo(25, 0);
    // the 0-10 s window holds only hiss; every later window holds drums
    expect(long.explanation.segment!.start).toBeGreaterThanOrEqual(5);
    expect(long.explanation.segment!.end).toBeGreaterThan(13);
  });

  it('leaves the label bridge columns up to date after every index run, so a new process only reads them', async () => {
    const own = tempDir();
    const library = join(own, 'lib');
    mkdirSync(library);
    sonicPi(library, 'ambi_choir.flac', 'take_01.flac');
    const dbPath = join(own, 'library.db');
    const cache = `${dbPath}.bridge-columns`;
    // Indexed as `hark index` does it: no text side, nothing in that process searches.
    const index = async () => {
      const indexer = await Hark.open({
        dbPath,
        modelsDir: modelsDir(),
        probe: catalogueProbe(null),
        workers: 0,
        keywordOnly: true,
      });
      if ((await indexer.listRoots()).length === 0) await indexer.addRoot({ path: library });
      const { analysed } = await indexer.indexNow();
      indexer.close();
      return analysed;
    };
    expect(await index()).toBe(1);
    expect(heldFiles(cache)).toHaveLength(1);
    sonicPi(library, 'ambi_piano.flac', 'take_02.flac');
    expect(await index()).toBe(1);
    expect(heldFiles(cache)).toHaveLength(2);
    const db = openDatabase(dbPath);
    const columns = new BridgeColumns(db, CLASS_COUNT, cache);
    columns.sync();
    expect(columns.cacheStats).toEqual({ loads: 1, saves: 0 });
    expect(columns.stats).toEqual({ rebuilds: 0, updates: 0 });
    db.close();
  });
});

/** The file ids a columns cache holds rows for, sorted. */
function heldFiles(cache: string): number[] {
  const snapshot = readColumnsCache(cache, CLASS_COUNT, (rows) => rows);
  if (!snapshot) return [];
  snapshot.close();
  return Array.from(snapshot.fileIds).sort();
}
