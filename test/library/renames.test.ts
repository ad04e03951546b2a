import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRenames, proposeUcsRenames, undoRenames } from '../../src-main/library/renames';
import { loadUcsTable } from '../../src-main/metadata/ucs';
import { writeMetadata } from '../../src-main/metadata/write';
import { ucsOf } from '../../src-main/search/ucs-of';
import { getFileRow, getFileRowByPath } from '../../src-main/store/files';
import { openDatabase } from '../../src-main/store/database';
import { listRenames } from '../../src-main/store/renames';
import { openTestCore } from '../helpers/open-core';
import { sonicPi, tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';
import { installedDir } from '../helpers/models';

describe('UCS renames', () => {
  const tempDir = useTempDirs();

  async function setUp() {
    const dir = tempDir();
    const folder = join(dir, 'sounds');
    const table = await loadUcsTable(installedDir('ucs'));
    const creak = tone(dir, 'old creak.wav');
    await writeMetadata(creak, { catId: 'DOORWood' }); // a CatID in its metadata
    const named = tone(dir, 'DOORWood_Slam_JD_LIB.wav'); // already a UCS name
    const steps = sonicPi(dir, 'bd_haus.flac', 'steps.flac'); // only a model suggestion
    const plain = sonicPi(dir, 'sn_dolf.flac', 'snare.flac'); // no category at all
    const moved = [creak, named, steps, plain].map((path) => path);
    const { mkdirSync, renameSync } = await import('node:fs');
    mkdirSync(folder);
    const paths = moved.map((path) => {
      const to = join(folder, path.split('/').pop()!);
      renameSync(path, to);
      return to;
    });
    const hark = await openTestCore(dir);
    await hark.addRoot({ path: folder });
    await hark.indexNow(true);
    const [creakPath, namedPath, stepsPath, plainPath] = paths as [string, string, string, string];
    // The library functions under test run on a connection of their own, beside the service's.
    const db = openDatabase(join(dir, 'library.db'));
    const stepsId = getFileRowByPath(db, stepsPath)!.id;
    db.prepare("INSERT INTO auto_tags (file_id, source, label, score) VALUES (?, 'ucs', 'FEETHmn', 0.6)").run(stepsId);
    return { hark, db, table, folder, creakPath, namedPath, stepsPath, plainPath, stepsId };
  }

  it('previews, applies and undoes renames, keeping each file and its analysis', async () => {
    const { hark, db, table, folder, creakPath, namedPath, stepsPath, plainPath, stepsId } = await setUp();
    const proposals = proposeUcsRenames(db, { table, creatorId: 'HARK' });
    const byFrom = new Map(proposals.map((p) => [p.from, p]));
    expect(byFrom.get(creakPath)).toMatchObject({
      to: join(folder, 'DOORWood_old creak_HARK_NONE.wav'),
      catSource: 'metadata',
      status: 'ready',
    });
    expect(byFrom.get(stepsPath)).toMatchObject({
      to: join(folder, 'FEETHmn_steps_HARK_NONE.flac'),
      catSource: 'model',
      status: 'ready',
    });
    expect(byFrom.get(namedPath)).toMatchObject({ status: 'unchanged' });
    expect(byFrom.has(plainPath)).toBe(false);
    // A preview changes nothing.
    expect(existsSync(creakPath)).toBe(true);
    // A suggestion below the bar is not used.
    expect(proposeUcsRenames(db, { table, minConfidence: 0.7 }).some((p) => p.from === stepsPath)).toBe(false);

    const before = getFileRow(db, stepsId)!;
    const applied = await applyRenames(db, proposals, table);
    expect(applied.failed).toEqual([]);
    expect(applied.renamed).toHaveLength(2);
    const newSteps = join(folder, 'FEETHmn_steps_HARK_NONE.flac');
    expect(existsSync(newSteps) && !existsSync(stepsPath)).toBe(true);
    const after = getFileRow(db, stepsId)!;
    expect(after).toMatchObject({
      path: newSteps,
      name: 'FEETHmn_steps_HARK_NONE.flac',
      status: 'analysed',
      analysed_at: before.analysed_at,
    });
    // The name now says the category: the library reads it from there.
    expect(ucsOf(db, stepsId, table)).toMatchObject({ catId: 'FEETHmn', category: 'FOOTSTEPS', source: 'filename' });
    expect((await hark.search({ text: 'FEETHmn', mode: 'keyword' })).hits.map((h) => h.id)).toEqual([stepsId]);
    // A later scan sees the same files, not new ones.
    const rescan = await hark.indexNow(true);
    expect(rescan.catalogue[0]).toMatchObject({ added: 0, removed: 0 });

    const undone = await undoRenames(db, {}, table);
    expect(undone.undone).toHaveLength(2);
    expect(existsSync(stepsPath) && existsSync(creakPath) && !existsSync(newSteps)).toBe(true);
    expect(getFileRow(db, stepsId)!.path).toBe(stepsPath);
    expect(ucsOf(db, stepsId, table)?.source).toBe('model');
    expect(listRenames(db).map((r) => r.undoneAt)).toEqual([expect.any(Number), expect.any(Number)]);
    expect((await undoRenames(db, {}, table)).undone).toEqual([]);
    hark.close();
  });

  it('refuses a target that exists, and undoes one rename by id', async () => {
    const { hark, db, table, folder, creakPath, stepsPath } = await setUp();
    const taken = join(folder, 'FEETHmn_steps_NONE_NONE.flac');
    writeFileSync(taken, 'someone else');
    const proposals = proposeUcsRenames(db, { table });
    expect(proposals.find((p) => p.from === stepsPath)?.status).toBe('target-exists');
    const applied = await applyRenames(db, proposals, table);
    expect(applied.renamed.map((r) => r.fromPath)).toEqual([creakPath]);
    expect(existsSync(stepsPath)).toBe(true);

    const result = await undoRenames(db, { id: applied.renamed[0]!.id }, table);
    expect(result.undone).toHaveLength(1);
    expect(existsSync(creakPath)).toBe(true);
    hark.close();
  });
});
