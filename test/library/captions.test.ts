import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { float32ToBlob } from '../../src-main/store/blobs';
import { measureCharacter } from '../../src-main/library/caption-measure';
import { kWeightingFilters } from '../../src-main/library/caption-loudness';
import { captionText } from '../../src-main/library/caption-text';
import {
  audioSetVocabulary,
  type CaptionVocabulary,
  type OntologyNode,
} from '../../src-main/library/caption-vocabulary';
import { captionLibrary } from '../../src-main/library/captions';
import { applyPersonEdit } from '../../src-main/library/caption-edit';
import { probeFile } from '../../src-main/metadata/probe';
import { writeMetadata } from '../../src-main/metadata/write';
import { loadUcsTable } from '../../src-main/metadata/ucs';
import { readAudioSetClasses } from '../../src-main/ml/text/label-sources';
import { getCaption } from '../../src-main/store/captions';
import { openDatabase, type Db } from '../../src-main/store/database';
import { getFileRow, getFileRowByPath, getFileRows, readMetadata, toSummary } from '../../src-main/store/files';
import { openTestCore } from '../helpers/open-core';
import { sonicPi } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';
import { installedDir } from '../helpers/models';

async function vocabulary(): Promise<CaptionVocabulary> {
  const classes = readAudioSetClasses(installedDir('audioset'));
  const ontology = JSON.parse(readFileSync(join(installedDir('audioset'), 'ontology.json'), 'utf8')) as OntologyNode[];
  return { ucs: await loadUcsTable(installedDir('ucs')), audioset: audioSetVocabulary(classes, ontology) };
}

function sox(dir: string, name: string, args: string[]): string {
  const path = join(dir, name);
  execFileSync('sox', ['-n', ...args.slice(0, args.indexOf('synth')), path, ...args.slice(args.indexOf('synth'))]);
  return path;
}

/** 441 Hz has exactly 100 samples per cycle at 44.1 kHz: two seconds of it repeat without a seam. */
const seamlessLoop = (dir: string, name = 'drone_loop.wav') =>
  sox(dir, name, ['-r', '44100', '-c', '1', '-b', '16', 'synth', '2', 'sine', '441', 'vol', '0.5']);
/** A plucked string: attack, then decay. */
const oneShot = (dir: string, name = 'pluck.wav') =>
  sox(dir, name, ['-r', '44100', '-c', '1', '-b', '16', 'synth', '2', 'pluck', '220']);

describe('measured character', () => {
  const tempDir = useTempDirs();

  it('tells a seamless loop from a decaying one-shot and from a tone cut mid-cycle', async () => {
    const dir = tempDir();
    const loop = await measureCharacter(seamlessLoop(dir));
    const shot = await measureCharacter(oneShot(dir));
    // 220.65 cycles: the end does not run into the start.
    const cut = await measureCharacter(
      sox(dir, 'cut.wav', ['-r', '44100', '-c', '1', '-b', '16', 'synth', '0.5', 'sine', '441.3', 'vol', '0.5']),
    );
    expect(loop).toMatchObject({ loop: true, loopScore: 1 });
    expect(loop.duration).toBeCloseTo(2, 3);
    expect(shot.loop).toBe(false);
    expect(cut.loop).toBe(false);
    expect(cut.loopEvidence!.wrapJump).toBeGreaterThan(4);
  });

  it('hears a real drum loop as a loop and a real one-shot as a one-shot (sonic-pi samples)', async () => {
    const dir = tempDir();
    expect((await measureCharacter(sonicPi(dir, 'loop_amen.flac'))).loop).toBe(true);
    expect((await measureCharacter(sonicPi(dir, 'ambi_choir.flac'))).loop).toBe(false);
    expect((await measureCharacter(sonicPi(dir, 'bd_haus.flac'))).loop).toBe(false);
  });

  it('measures BS.1770 loudness: a 997 Hz sine at -6 dBFS reads -9.03 LUFS in one channel, -6.02 in two', async () => {
    const dir = tempDir();
    const mono = await measureCharacter(
      sox(dir, 'mono.wav', ['-r', '44100', '-c', '1', '-b', '24', 'synth', '3', 'sine', '997', 'vol', '0.5']),
    );
    const stereo = await measureCharacter(
      sox(dir, 'stereo.wav', ['-r', '48000', '-c', '2', '-b', '24', 'synth', '3', 'sine', '997', 'vol', '0.5']),
    );
    expect(mono.loudnessLufs!).toBeCloseTo(-9.03, 1);
    expect(stereo.loudnessLufs!).toBeCloseTo(-6.02, 1);
    expect(mono.peakDbfs!).toBeCloseTo(-6.02, 1);
  });

  it('derives the K-weighting filters BS.1770 tabulates for 48 kHz', () => {
    const [shelf, highPass] = kWeightingFilters(48000);
    expect(shelf.b[0]).toBeCloseTo(1.53512485958697, 10);
    expect(shelf.b[1]).toBeCloseTo(-2.69169618940638, 10);
    expect(shelf.b[2]).toBeCloseTo(1.19839281085285, 10);
    expect(shelf.a[1]).toBeCloseTo(-1.69065929318241, 10);
    expect(shelf.a[2]).toBeCloseTo(0.73248077421585, 10);
    expect(highPass.a[1]).toBeCloseTo(-1.99004745483398, 10);
    expect(highPass.a[2]).toBeCloseTo(0.99007225036621, 10);
  });

  it('measures brightness as the spectral centroid', async () => {
    const dir = tempDir();
    const tone = await measureCharacter(seamlessLoop(dir));
    const noise = await measureCharacter(
      sox(dir, 'noise.wav', ['-r', '44100', '-c', '1', '-b', '16', 'synth', '1', 'whitenoise', 'vol', '0.3']),
    );
    expect(tone.centroidHz!).toBeGreaterThan(420);
    expect(tone.centroidHz!).toBeLessThan(470);
    // White noise spreads evenly to 22 kHz: its centroid is near a quarter of the sample rate.
    expect(noise.centroidHz!).toBeGreaterThan(9000);
  });
});

describe('caption text', () => {
  it('names what was heard in plain words, narrowest first, and keeps broader words as keywords', async () => {
    const vocab = await vocabulary();
    const text = captionText(
      [
        { label: 'Animal', score: 0.9 },
        { label: 'Dog', score: 0.8 },
        { label: 'Domestic animals, pets', score: 0.7 },
        { label: 'Bark', score: 0.6 },
        { label: 'Inside, small room', score: 0.3 },
        { label: 'Music', score: 0.05 },
      ],
      { duration: 1.2, loop: false, loopScore: 0.5, loudnessLufs: -20, peakDbfs: -3, centroidHz: 4000 },
      { category: 'ANIMALS', subCategory: 'DOG' },
      vocab.audioset,
    );
    expect(text.description).toBe('Dog, bark, in a small room; short one-shot, bright');
    expect(text.keywords).toEqual(
      expect.arrayContaining([
        'dog',
        'bark',
        'animal',
        'domestic animals',
        'pets',
        'animals',
        'short',
        'one-shot',
        'bright',
      ]),
    );
    expect(text.keywords).not.toContain('music');
  });

  it('says only what was measured when nothing was heard', () => {
    const text = captionText(
      [],
      { duration: 30, loop: true, loopScore: 1, loudnessLufs: -40, peakDbfs: -20, centroidHz: 300 },
      null,
      null,
    );
    expect(text).toEqual({ description: 'Long loop, dark, quiet', keywords: ['long', 'loop', 'dark', 'quiet'] });
  });
});

describe('captionLibrary', () => {
  const tempDir = useTempDirs();

  async function library(before?: (files: { loop: string; shot: string }) => Promise<void>) {
    const dir = tempDir();
    const folder = join(dir, 'sounds');
    execFileSync('mkdir', ['-p', join(folder, 'loops')]);
    const loop = seamlessLoop(join(folder, 'loops'));
    const shot = oneShot(folder, 'steps.wav');
    const long = sonicPi(folder, 'ambi_choir.flac');
    await before?.({ loop, shot });
    const hark = await openTestCore(dir);
    await hark.addRoot({ path: folder });
    await hark.indexNow(true);
    // The library functions under test run on a connection of their own, beside the service's.
    return { dir, folder, hark, db: openDatabase(join(dir, 'library.db')), loop, shot, long };
  }

  function tag(db: Db, path: string, source: 'audioset' | 'ucs', label: string, score: number): number {
    const id = getFileRowByPath(db, path)!.id;
    db.prepare('INSERT INTO auto_tags (file_id, source, label, score) VALUES (?, ?, ?, ?)').run(
      id,
      source,
      label,
      score,
    );
    return id;
  }

  it('captions every analysed file from its tags, UCS suggestion, best segment and measured character', async () => {
    const { db, hark, loop, shot, long } = await library();
    const vocab = await vocabulary();
    const stepsId = tag(db, shot, 'audioset', 'Walk, footsteps', 0.8);
    tag(db, shot, 'audioset', 'Crunch', 0.4);
    tag(db, shot, 'ucs', 'FEETHmn', 0.7);
    const choirId = tag(db, long, 'audioset', 'Choir', 0.7);
    // Below MIN_SUGGESTION_CONFIDENCE: no category, no words from it, but kept as Hark's suggestion.
    tag(db, long, 'ucs', 'VOXScrm', 0.5);
    // Three windows; the choir is heard most clearly in the second.
    const choirIndex = vocab.audioset!.indexOf('Choir')!;
    [0.2, 0.9, 0.4].forEach((p, idx) => {
      const probs = new Float32Array(527);
      probs[choirIndex] = p;
      probs[0] = 0.95 - p; // another class peaking elsewhere must not move the segment
      db.prepare('INSERT INTO windows (file_id, idx, start, end, probs) VALUES (?, ?, ?, ?, ?)').run(
        choirId,
        idx,
        idx * 0.5,
        idx * 0.5 + 1,
        float32ToBlob(probs),
      );
    });

    const progress: number[] = [];
    const result = await captionLibrary(db, { vocabulary: vocab, onProgress: (p) => progress.push(p.done) });
    expect(result).toMatchObject({ files: 3, captioned: 3, failed: [] });
    expect(progress).toEqual([1, 2, 3]);

    const steps = getCaption(db, stepsId)!;
    expect(steps.source).toBe('auto');
    expect(steps.description).toMatch(/^Footsteps, crunch; short /);
    expect(steps.catId).toBe('FEETHmn');
    expect(steps.catSource).toBe('model');
    expect(steps.keywords).toEqual(
      expect.arrayContaining(['footsteps', 'walk', 'crunch', 'human', 'short', 'one-shot']),
    );
    const choir = getCaption(db, choirId)!;
    expect(choir.segment).toEqual({ start: 0.5, end: 1.5, score: expect.closeTo(0.9, 5) });
    expect(choir).toMatchObject({ catId: null, catSource: null, suggested: { catId: 'VOXScrm' } });
    expect(choir.keywords).not.toContain('scream');
    expect(choir.keywords).not.toContain('voices');

    const loopCaption = getCaption(db, getFileRowByPath(db, loop)!.id)!;
    expect(loopCaption.measured.loop).toBe(true);
    // The measured loudness reaches the file's summary, read one file or many at a time.
    const loopId = getFileRowByPath(db, loop)!.id;
    expect(loopCaption.measured.loudnessLufs).not.toBeNull();
    expect(toSummary(getFileRow(db, loopId)!).loudnessLufs).toBe(loopCaption.measured.loudnessLufs);
    expect(toSummary(getFileRows(db, [loopId]).get(loopId)!).loudnessLufs).toBe(loopCaption.measured.loudnessLufs);
    expect(loopCaption.description).toBe('Short loop, dark, loud');
    expect(loopCaption.segment).toBeNull();

    // A second pass only redoes what changed.
    const again = await captionLibrary(db, { vocabulary: vocab });
    expect(again).toMatchObject({ captioned: 0, upToDate: 3 });
    const onlyLoops = await captionLibrary(db, { vocabulary: vocab, folder: join(loop, '..'), overwrite: true });
    expect(onlyLoops).toMatchObject({ files: 1, captioned: 1 });
    hark.close();
  });

  it("writes captions into the files but never over a person's text unless told to", async () => {
    // A person described the loop in another tool before it joined the library.
    const { db, hark, shot, loop } = await library((files) =>
      writeMetadata(files.loop, { description: 'Hum of the old fridge' }),
    );
    const vocab = await vocabulary();
    tag(db, shot, 'audioset', 'Walk, footsteps', 0.8);
    const shotRow = getFileRowByPath(db, shot)!;

    const result = await captionLibrary(db, { vocabulary: vocab, write: true });
    expect(result.person).toBe(1);
    expect(result.written).toBe(2); // the one-shot and the choir; not the loop
    expect((await probeFile(loop)).metadata.description).toBe('Hum of the old fridge');
    const loopCaption = getCaption(db, getFileRowByPath(db, loop)!.id)!;
    expect(loopCaption).toMatchObject({ source: 'person', description: 'Hum of the old fridge' });
    expect(loopCaption.suggested.description).toBe('Short loop, dark, loud');

    const written = await probeFile(shot);
    expect(written.metadata.description).toMatch(/^Footsteps; short /);
    expect(written.metadata.keywords).toContain('footsteps');
    // The library follows the file: searchable words, and size/mtime so the next scan keeps the analysis.
    expect(readMetadata(db, shotRow.id).description).toBe(written.metadata.description);
    expect(getFileRowByPath(db, shot)!.size).toBe(statSync(shot).size);
    await hark.indexNow(true);
    expect(getFileRowByPath(db, shot)!.analysed_at).toBe(shotRow.analysed_at);
    expect((await hark.search({ text: 'footsteps', mode: 'keyword' })).hits.map((h) => h.path)).toEqual([shot]);

    // What Hark wrote itself it may replace when the caption changes.
    tag(db, shot, 'audioset', 'Crunch', 0.5);
    db.prepare('UPDATE files SET analysed_at = analysed_at + 1000000 WHERE id = ?').run(shotRow.id);
    await captionLibrary(db, { vocabulary: vocab, write: true });
    expect((await probeFile(shot)).metadata.description).toMatch(/^Footsteps, crunch; /);

    // --overwrite replaces the person's text.
    await captionLibrary(db, { vocabulary: vocab, write: true, overwrite: true });
    expect((await probeFile(loop)).metadata.description).toBe('Short loop, dark, loud');
    hark.close();
  });

  it("keeps a person's edit (meta set) through later caption passes", async () => {
    const { db, hark, shot } = await library();
    const vocab = await vocabulary();
    const edit = await applyPersonEdit(
      db,
      shot,
      { description: 'Boots on wet gravel', keywords: 'boots, gravel', catId: 'feethmn' },
      vocab.ucs,
    );
    expect(edit.fields).toEqual(
      expect.arrayContaining(['description', 'keywords', 'catId', 'category', 'subCategory']),
    );
    const probed = await probeFile(shot);
    expect(probed.metadata).toMatchObject({
      description: 'Boots on wet gravel',
      keywords: 'boots, gravel',
      catId: 'FEETHmn',
    });

    tag(db, shot, 'audioset', 'Walk, footsteps', 0.8);
    await captionLibrary(db, { vocabulary: vocab, write: true });
    const caption = getCaption(db, edit.fileId!)!;
    expect(caption).toMatchObject({
      source: 'person',
      description: 'Boots on wet gravel',
      keywords: ['boots', 'gravel'],
      catId: 'FEETHmn',
      catSource: 'person',
    });
    expect(caption.suggested.description).toMatch(/^Footsteps/);
    expect(caption.measured.duration).toBeCloseTo(2, 2);
    expect((await probeFile(shot)).metadata.description).toBe('Boots on wet gravel');
    await expect(applyPersonEdit(db, shot, { catId: 'NOTACAT' }, vocab.ucs)).rejects.toThrow(
      /neither a UCS CatID nor a category name/,
    );
    hark.close();
  });
});
