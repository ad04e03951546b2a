import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueProbe } from '../../src-main/app/catalogue-probe';
import { Hark } from '../../src-main/app/hark';
import { unpackCodes } from '../../src-main/ml/heads/codes';
import type { HeadsManifest } from '../../src-main/ml/heads/heads';
import { modelsDir } from '../../src-main/ml/model-manager';
import { openDatabase, type Db } from '../../src-main/store/database';
import { hasTorch, makeFixtureHeads } from '../helpers/fixture-heads';
import { sonicPi } from '../helpers/sounds';

// The trained heads served by the app, end to end: the analysis pass stores their per-file codes, a search with
// model 'hark-heads' ranks through ANN -> THA/DCR/CA -> DiffATR and explains each hit by factors. The heads here are
// training/fixture.py's seeded random weights (training them takes Debian data packages and ~20 min): this checks
// the serving path, not ranking quality, which `npm run eval` measures with trained heads. They are made for the
// text tower the app runs here (MiniLM when installed, or HARK_TEXT_TOWER's).
if (!hasTorch)
  console.warn(
    'heads serving skipped: /usr/bin/python3 cannot import torch and onnx (apt-get install python3-torch python3-onnx)',
  );

describe.skipIf(!hasTorch)('search with the trained heads (fixture weights)', () => {
  let dir: string;
  let headsDir: string;
  let hark: Hark;
  /** The library's database, read beside the service to check what it stored. */
  let db: Db;
  const open = (heads: string | undefined) =>
    Hark.open({
      dbPath: join(dir, 'library.db'),
      modelsDir: modelsDir(),
      headsDir: heads,
      probe: catalogueProbe(null),
      workers: 0,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hark-heads-'));
    headsDir = join(dir, 'heads');
    makeFixtureHeads(headsDir);
    const library = join(dir, 'lib');
    mkdirSync(library);
    sonicPi(library, 'ambi_choir.flac', 'take_01.flac');
    sonicPi(library, 'misc_crow.flac', 'take_02.flac');
    sonicPi(library, 'drum_heavy_kick.flac', 'take_03.flac');
    sonicPi(library, 'loop_tabla.flac', 'take_04.flac'); // 10.7 s: more than one analysis window
    // First without heads: installing them later must re-analyse the library once, to give every file its codes.
    const before = await open(join(dir, 'no-heads-here'));
    await before.addRoot({ path: library });
    expect((await before.indexNow()).analysed).toBe(4);
    expect((await before.getInfo()).heads).toMatchObject({ installed: false });
    await expect(before.search({ text: 'bird', model: 'hark-heads' })).rejects.toThrow(
      /hark-heads model is not installed/,
    );
    before.close();
    hark = await open(headsDir);
    db = openDatabase(join(dir, 'library.db'));
    expect((await hark.indexNow()).analysed).toBe(4);
  }, 300_000);

  afterAll(() => {
    hark?.close();
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores each file’s joint embedding, level codes and probabilities', () => {
    // The joint embedding is the extension's vector; level codes, then probabilities, its data.
    const rows = db
      .prepare('SELECT extension_key, length(vector) AS ea, length(data) AS codes FROM extension_outputs')
      .all();
    expect(rows).toHaveLength(4);
    for (const row of rows)
      expect(row).toEqual({
        extension_key: expect.stringMatching(/^hark-heads@[0-9a-f]{12}$/),
        ea: 512 * 4,
        codes: (6 * 256 + 527) * 4,
      });
  });

  it('ranks with the heads and explains every hit by named factors and tags, with a no-match signal', async () => {
    const info = await hark.getInfo();
    expect(info.heads).toMatchObject({ installed: true, fixture: true });
    const manifest = JSON.parse(readFileSync(join(headsDir, 'heads.json'), 'utf8')) as HeadsManifest;
    const response = await hark.search({ text: 'a crow cawing', model: 'hark-heads', mode: 'neural', limit: 3 });
    expect(response.used).toMatchObject({ neural: true, model: 'hark-heads' });
    expect(response.hits).toHaveLength(3);
    for (const hit of response.hits) {
      const factors = hit.explanation.factors!;
      expect(factors.map((f) => f.name)).toEqual(manifest.factors.map((f) => f.name));
      for (const f of factors) {
        expect(Number.isFinite(f.similarity) && Math.abs(f.similarity) <= 1.001).toBe(true);
        expect(Number.isFinite(f.confidence)).toBe(true);
      }
      expect(hit.explanation.tags.length).toBeGreaterThan(0);
    }
    // Tags are the file's own AudioSet probabilities of the classes the query weighs (its stored heads codes).
    const labels = readFileSync(join(modelsDir(), 'audioset', 'class_labels_indices.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').slice(2).join(',').replace(/^"|"$/g, ''));
    for (const hit of response.hits) {
      const row = db.prepare('SELECT vector, data FROM extension_outputs WHERE file_id = ?').get(hit.id) as {
        vector: Buffer;
        data: Buffer;
      };
      const { probs } = unpackCodes({
        fileIds: [hit.id],
        vectors: new Float32Array(new Uint8Array(row.vector).buffer),
        data: [row.data],
      });
      for (const tag of hit.explanation.tags) expect(tag.score).toBeCloseTo(probs[labels.indexOf(tag.label)]!, 3);
    }
    // Factors differ between files: they are computed per (query, file), not copied.
    expect(response.hits[0]!.explanation.factors).not.toEqual(response.hits[1]!.explanation.factors);
    // Strength of the best file on the query's classes, against the label bridge's floor (0.02).
    const signal = response.noGoodMatch!;
    expect(signal.threshold).toBe(0.98);
    expect(signal.score).toBeGreaterThanOrEqual(0);
    expect(signal.score).toBeLessThanOrEqual(1);
    expect(signal.flagged).toBe(false); // measured, not shown: see heads-search.ts
  });

  it('says which analysis window of a long file matches best', async () => {
    const response = await hark.search({ text: 'tabla drum loop', model: 'hark-heads', mode: 'neural', limit: 4 });
    const long = response.hits.find((hit) => hit.name === 'take_04.flac')!;
    expect(long.duration).toBeCloseTo(10.67, 1);
    const windows = db.prepare('SELECT start, end FROM windows WHERE file_id = ? ORDER BY idx').all(long.id) as {
      start: number;
      end: number;
    }[];
    expect(windows.length).toBeGreaterThan(1);
    expect(windows).toContainEqual({ start: long.explanation.segment!.start, end: long.explanation.segment!.end });
    // Short files have one window: nothing to point at.
    expect(response.hits).toHaveLength(4);
    for (const hit of response.hits.filter((h) => h !== long)) expect(hit.explanation.segment).toBeUndefined();
  });

  it('keeps the label bridge the default until the setting says otherwise', async () => {
    const bridge = await hark.search({ text: 'a crow cawing', limit: 1 });
    expect(bridge.used.model).toBe('label-bridge');
    expect(bridge.hits[0]!.explanation.factors).toBeUndefined();
    await hark.setSettings({ searchModel: 'hark-heads' });
    const heads = await hark.search({ text: 'a crow cawing', limit: 1 });
    expect(heads.used.model).toBe('hark-heads');
    expect(heads.hits[0]!.explanation.factors).toHaveLength(8);
    await hark.setSettings({ searchModel: 'label-bridge' });
  });

  it('still puts files that name every query word first (fusion with keyword search)', async () => {
    const response = await hark.search({ text: 'take_03', model: 'hark-heads', limit: 3 });
    expect(response.hits[0]!.name).toBe('take_03.flac');
    expect(response.used).toMatchObject({ keyword: true, neural: true, model: 'hark-heads' });
  });

  it('refuses heads trained on another text tower than the one the app runs, and says so in hark info', async () => {
    const elsewhere = join(dir, 'other-tower-heads');
    cpSync(headsDir, elsewhere, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(elsewhere, 'heads.json'), 'utf8')) as HeadsManifest;
    const running = manifest.textTower!;
    manifest.textTower = 'another-tower/0';
    writeFileSync(join(elsewhere, 'heads.json'), JSON.stringify(manifest));
    const refused = await Hark.open({
      dbPath: join(dir, 'other-tower.db'),
      modelsDir: modelsDir(),
      headsDir: elsewhere,
      probe: catalogueProbe(null),
      workers: 0,
    });
    try {
      expect((await refused.getInfo()).heads).toEqual({
        id: 'hark-heads',
        installed: false,
        problem: `trained on text tower another-tower/0, the app runs ${running}: run npm run train again`,
      });
    } finally {
      refused.close();
    }
  });

  it('survives damaged heads: files keep the default model and get the heads’ codes once the heads are mended', async () => {
    const broken = join(dir, 'broken-heads');
    cpSync(headsDir, broken, { recursive: true });
    const good = readFileSync(join(headsDir, 'audio_head.onnx'));
    writeFileSync(join(broken, 'audio_head.onnx'), Buffer.alloc(good.length, 7)); // same size: passes the install check
    const library = join(dir, 'lib2');
    mkdirSync(library);
    sonicPi(library, 'misc_crow.flac', 'crow.flac');
    const dbPath = join(dir, 'broken.db');
    const openWith = (heads: string) =>
      Hark.open({ dbPath, modelsDir: modelsDir(), headsDir: heads, probe: catalogueProbe(null), workers: 0 });
    const damaged = await openWith(broken);
    try {
      await damaged.addRoot({ path: library });
      expect((await damaged.indexNow()).analysed).toBe(1);
      expect(countCodes(dbPath)).toBe(0);
      await damaged.setSettings({ searchModel: 'hark-heads' });
      const response = await damaged.search({ text: 'a crow cawing', limit: 1 });
      expect(response.used.model).toBe('label-bridge');
      expect(response.hits[0]!.name).toBe('crow.flac');
      await expect(damaged.search({ text: 'a crow cawing', model: 'hark-heads' })).rejects.toThrow();
    } finally {
      damaged.close();
    }
    writeFileSync(join(broken, 'audio_head.onnx'), good);
    const mended = await openWith(broken);
    try {
      expect((await mended.indexNow()).analysed).toBe(1);
      expect(countCodes(dbPath)).toBe(1);
      expect((await mended.search({ text: 'a crow cawing', limit: 1 })).used.model).toBe('hark-heads');
    } finally {
      mended.close();
    }
  });
});

function countCodes(dbPath: string): number {
  const db = openDatabase(dbPath);
  try {
    return db.prepare('SELECT COUNT(*) FROM extension_outputs').pluck().get() as number;
  } finally {
    db.close();
  }
}
