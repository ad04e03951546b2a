import { describe, expect, it } from 'vitest';
import { BridgeColumns, rowsMatchVersions } from '../../../src-main/search/label-bridge/columns';
import { classMajorPriors, fileRow, toClassMajor } from '../../../src-main/search/label-bridge/class-major';
import { loadMatrix, saveAnalysis } from '../../../src-main/store/analysis';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { forgetAnalysis } from '../../../src-main/store/files';

const CLASSES = 5;

function library(): { db: Db; analyse: (id: number, seed: number) => void } {
  const db = openDatabase(':memory:');
  db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/r', 0)").run();
  let clock = 1;
  const analyse = (id: number, seed: number) => {
    db.prepare(
      "INSERT OR IGNORE INTO files (id, root_id, path, name, folder, ext, size, mtime_ms) VALUES (?, 1, ?, ?, '/r', 'wav', 1, 1)",
    ).run(id, `/r/${id}.wav`, `${id}.wav`);
    saveAnalysis(db, id, {
      analysisKey: 'k',
      modelId: 'm',
      duration: 1,
      probs: Float32Array.from({ length: CLASSES }, (_, c) => ((seed * 7 + c * 3) % 11) / 11),
      features: null,
      peaks: new Uint8Array([1]),
      peaksRate: 1,
      windows: [],
      autoTags: [],
    });
    // analysed_at is the version the columns follow: make each analysis distinct even within one millisecond.
    db.prepare('UPDATE files SET analysed_at = ? WHERE id = ?').run(clock++, id);
  };
  return { db, analyse };
}

/** The columns hold exactly what the database does: every live file's row, and the priors of a fresh build. */
function expectInStep(db: Db, columns: BridgeColumns): void {
  const fresh = loadMatrix(db, 'probs');
  const probs = columns.probs!;
  expect(probs.liveFiles).toBe(fresh.fileIds.length);
  fresh.fileIds.forEach((fileId, i) => {
    const row = columns.rowOf.get(fileId)!;
    expect(columns.fileIds[row]).toBe(fileId);
    expect(Array.from(fileRow(probs, row))).toEqual(Array.from(fresh.values.subarray(i * CLASSES, (i + 1) * CLASSES)));
  });
  const rebuilt = classMajorPriors(toClassMajor(fresh.values, CLASSES));
  Array.from(classMajorPriors(probs)).forEach((prior, c) => expect(prior).toBeCloseTo(rebuilt[c]!, 6));
}

describe('BridgeColumns', () => {
  it('follows added, re-analysed and removed files without reloading the matrix, growing when full', () => {
    const { db, analyse } = library();
    for (let id = 1; id <= 400; id++) analyse(id, id);
    const columns = new BridgeColumns(db, CLASSES);
    expect(columns.sync()).toBe(true);
    expect(columns.sync()).toBe(false); // nothing changed
    expectInStep(db, columns);
    const capacity = columns.probs!.stride;

    for (let id = 401; id <= 550; id++) analyse(id, id); // new files
    analyse(7, 1000); // re-analysed
    forgetAnalysis(db, 9); // left the library
    expect(columns.sync()).toBe(true);
    expectInStep(db, columns);
    expect(columns.rowOf.has(9)).toBe(false);

    for (let id = 551; id <= 700; id++) analyse(id, id); // past the headroom: the columns grow
    expect(columns.sync()).toBe(true);
    expect(columns.probs!.stride).toBeGreaterThan(capacity);
    expectInStep(db, columns);
    expect(columns.stats).toEqual({ rebuilds: 1, updates: 2 });
  });

  it('builds anew when most of the library changed, dropping the rows of files that left', () => {
    const { db, analyse } = library();
    for (let id = 1; id <= 10; id++) analyse(id, id);
    const columns = new BridgeColumns(db, CLASSES);
    columns.sync();
    for (let id = 1; id <= 6; id++) forgetAnalysis(db, id);
    for (let id = 11; id <= 20; id++) analyse(id, id);
    columns.sync();
    expect(columns.stats).toEqual({ rebuilds: 2, updates: 0 });
    expect(columns.probs!.numFiles).toBe(14);
    expectInStep(db, columns);
  });
});

describe('rowsMatchVersions (a cached matrix checked against the versions saved with it)', () => {
  const held = { ids: Float64Array.from([2, 3, 5, 8]), versions: Float64Array.from([1, 1, 1, 1]) };

  it('accepts rows of different listed files in any order, with left rows (-1) and listed files without a row', () => {
    expect(rowsMatchVersions([5, -1, 2, 8], 3, held)).toBe(true);
    expect(rowsMatchVersions([], 0, held)).toBe(true);
  });

  it('refuses a file twice, a file the versions do not list, or a live count that is not the header’s', () => {
    expect(rowsMatchVersions([5, 2, 5], 3, held)).toBe(false);
    expect(rowsMatchVersions([5, 4, 2], 3, held)).toBe(false);
    expect(rowsMatchVersions([5, 9], 2, held)).toBe(false);
    expect(rowsMatchVersions([1, 5], 2, held)).toBe(false);
    expect(rowsMatchVersions([5, 2, -1], 3, held)).toBe(false);
  });
});
