// Undoing Hark's writes into files: a caption run with --write and a person's edit are each one batch; undo puts
// every field back as the file held it (its own text, or nothing), keeps the audio bit-identical, and brings the
// library's record and caption back. A file changed since is left alone.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPersonEdit } from '../../src-main/library/caption-edit';
import { audioSetVocabulary, type OntologyNode } from '../../src-main/library/caption-vocabulary';
import { captionLibrary } from '../../src-main/library/captions';
import { undoWrites } from '../../src-main/library/undoable-writes';
import { probeFile } from '../../src-main/metadata/probe';
import { loadUcsTable } from '../../src-main/metadata/ucs';
import { writeMetadata } from '../../src-main/metadata/write';
import { readAudioSetClasses } from '../../src-main/ml/text/label-sources';
import { getCaption } from '../../src-main/store/captions';
import { openDatabase, type Db } from '../../src-main/store/database';
import { getFileRowByPath, readMetadata } from '../../src-main/store/files';
import { installedDir } from '../helpers/models';
import { openTestCore } from '../helpers/open-core';
import { sonicPi } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';
import { riffChunks } from '../metadata/helpers/fixtures';

async function vocabulary() {
  const classes = readAudioSetClasses(installedDir('audioset'));
  const ontology = JSON.parse(readFileSync(join(installedDir('audioset'), 'ontology.json'), 'utf8')) as OntologyNode[];
  return { ucs: await loadUcsTable(installedDir('ucs')), audioset: audioSetVocabulary(classes, ontology) };
}

/** The bytes of a WAV's data chunk: what "the audio" is. */
const wavAudio = (path: string) => riffChunks(readFileSync(path)).find((chunk) => chunk.id === 'data')!.payload;

describe('undoing writes into files', () => {
  const tempDir = useTempDirs();

  async function library(prepare?: (steps: string) => Promise<void>) {
    const dir = tempDir();
    const folder = join(dir, 'sounds');
    execFileSync('mkdir', ['-p', folder]);
    const steps = join(folder, 'steps.wav');
    execFileSync('sox', ['-n', '-r', '44100', '-c', '1', '-b', '16', steps, 'synth', '2', 'pluck', '220']);
    const choir = sonicPi(folder, 'ambi_choir.flac');
    await prepare?.(steps);
    const hark = await openTestCore(dir);
    await hark.addRoot({ path: folder });
    await hark.indexNow(true);
    const db = openDatabase(join(dir, 'library.db'));
    return { hark, db, steps, choir, stepsId: getFileRowByPath(db, steps)!.id };
  }

  function tag(db: Db, fileId: number, source: 'audioset' | 'ucs', label: string, score: number): void {
    db.prepare('INSERT INTO auto_tags (file_id, source, label, score) VALUES (?, ?, ?, ?)').run(
      fileId,
      source,
      label,
      score,
    );
  }

  it('takes a whole caption run back: fields empty again, audio untouched, category and caption as before', async () => {
    const { hark, db, steps, choir, stepsId } = await library();
    const vocab = await vocabulary();
    tag(db, stepsId, 'audioset', 'Walk, footsteps', 0.8);
    tag(db, stepsId, 'ucs', 'FEETHmn', 0.7);
    const audio = wavAudio(steps);
    const choirBefore = (await probeFile(choir)).metadata;

    const run = await captionLibrary(db, { vocabulary: vocab, write: true });
    expect(run.written).toBe(2);
    expect(run.writeBatch).not.toBeNull();
    const written = (await probeFile(steps)).metadata;
    expect(written).toMatchObject({ catId: 'FEETHmn', description: expect.stringMatching(/^Footsteps/) });
    expect(readMetadata(db, stepsId)['ucs.catId']).toBe('FEETHmn');

    const undone = await undoWrites(db, {}, vocab.ucs);
    expect(undone.batch).toBe(run.writeBatch);
    expect(undone.failed).toEqual([]);
    expect(undone.undone.map((u) => u.path).sort()).toEqual([choir, steps].sort());
    const back = (await probeFile(steps)).metadata;
    for (const key of ['description', 'keywords', 'catId', 'category', 'subCategory'])
      expect(back[key], key).toBeUndefined();
    expect(wavAudio(steps).equals(audio)).toBe(true);
    // The choir's own comments (encoder and all) are as they were, less nothing.
    const choirBack = (await probeFile(choir)).metadata;
    for (const key of ['description', 'keywords', 'catId']) expect(choirBack[key], key).toBe(choirBefore[key]);
    // The library follows the file (no description or category from its tags); Hark's caption stays, as not written.
    expect(readMetadata(db, stepsId)['ucs.catId']).toBeUndefined();
    expect(readMetadata(db, stepsId).description).toBeUndefined();
    expect(getCaption(db, stepsId)).toMatchObject({ catId: 'FEETHmn', writtenAt: null });

    // Done once: the next undo finds nothing.
    expect(await undoWrites(db, {}, vocab.ucs)).toEqual({ batch: null, undone: [], failed: [] });
    hark.close();
  });

  it("puts a person's earlier text back after their edit, and leaves a file changed since alone", async () => {
    const { hark, db, steps, stepsId } = await library((file) =>
      writeMetadata(file, { description: 'Hum of the old fridge', keywords: 'fridge, hum' }),
    );
    const vocab = await vocabulary();
    expect(getCaption(db, stepsId)).toBeNull();
    const audio = wavAudio(steps);

    const edit = await applyPersonEdit(db, steps, { description: 'Boots on wet gravel', catId: 'FEETHmn' }, vocab.ucs);
    expect(getCaption(db, stepsId)).toMatchObject({ source: 'person', description: 'Boots on wet gravel' });
    const undone = await undoWrites(db, { batch: edit.batch }, vocab.ucs);
    expect(undone).toMatchObject({ batch: edit.batch, failed: [] });
    expect((await probeFile(steps)).metadata).toMatchObject({
      description: 'Hum of the old fridge',
      keywords: 'fridge, hum',
    });
    expect((await probeFile(steps)).metadata.catId).toBeUndefined();
    expect(wavAudio(steps).equals(audio)).toBe(true);
    // The edit made the file's first caption: undone, there is none again.
    expect(getCaption(db, stepsId)).toBeNull();
    expect(readMetadata(db, stepsId).description).toBe('Hum of the old fridge');

    // Someone changes the description after Hark's write: undo refuses that file and says why.
    const second = await applyPersonEdit(db, steps, { description: 'Gravel, slow steps' }, vocab.ucs);
    await writeMetadata(steps, { description: 'Typed in another tool' });
    const refused = await undoWrites(db, { batch: second.batch }, vocab.ucs);
    expect(refused.undone).toEqual([]);
    expect(refused.failed).toEqual([
      { path: steps, reason: 'its description was changed since Hark wrote it: left as it is' },
    ]);
    expect((await probeFile(steps)).metadata.description).toBe('Typed in another tool');
    hark.close();
  });
});
