import { describe, expect, it } from 'vitest';
import { saveAnalysis, type AnalysisRecord } from '../../src-main/store/analysis';
import { openDatabase, type Db } from '../../src-main/store/database';
import {
  deleteExtensionOutput,
  extensionVectors,
  loadExtensionOutputs,
  saveExtensionOutput,
} from '../../src-main/store/extension-outputs';
import { forgetAnalysis } from '../../src-main/store/files';

function library(files: number): Db {
  const db = openDatabase(':memory:');
  db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/r', 0)").run();
  const insert = db.prepare(
    "INSERT INTO files (id, root_id, path, name, folder, ext, size, mtime_ms) VALUES (?, 1, ?, ?, '/r', 'wav', 1, 1)",
  );
  for (let id = 1; id <= files; id++) insert.run(id, `/r/${id}.wav`, `${id}.wav`);
  return db;
}

const output = (id: number) => ({
  vector: Float32Array.from([id, -id, 0.5]),
  data: Uint8Array.from([id, 255, 0, id * 2]),
});

describe('extension outputs', () => {
  it('gives back the outputs of the files asked for, in that order, packed, under their key only', () => {
    const db = library(4);
    for (const id of [1, 2, 3]) saveExtensionOutput(db, id, 'heads@a', output(id));
    saveExtensionOutput(db, 4, 'heads@b', output(4));
    const rows = loadExtensionOutputs(db, 'heads@a', [3, 4, 99, 1]);
    expect(rows.fileIds).toEqual([3, 1]);
    expect(Array.from(rows.vectors)).toEqual([3, -3, 0.5, 1, -1, 0.5]);
    expect(rows.data.map((data) => Array.from(data))).toEqual([
      [3, 255, 0, 6],
      [1, 255, 0, 2],
    ]);
    expect(loadExtensionOutputs(db, 'heads@a', [])).toEqual({ fileIds: [], vectors: new Float32Array(0), data: [] });
  });

  it('feeds the ANN index the vectors made under one key', () => {
    const db = library(3);
    saveExtensionOutput(db, 1, 'heads@a', output(1));
    saveExtensionOutput(db, 3, 'heads@a', output(3));
    saveExtensionOutput(db, 2, 'heads@b', output(2));
    const source = extensionVectors(db, 'heads@a');
    const all = source.load(null);
    expect(Array.from(all.fileIds)).toEqual([1, 3]);
    expect(all.width).toBe(3);
    expect(Array.from(source.load([3, 2]).fileIds)).toEqual([3]);
  });

  it('goes with the analysis: replaced or removed when the file is analysed again, removed when forgotten', () => {
    const db = library(2);
    const record = (extension: AnalysisRecord['extension']): AnalysisRecord => ({
      analysisKey: 'k',
      modelId: 'm',
      duration: 1,
      probs: null,
      features: null,
      extension,
      peaks: new Uint8Array(2),
      peaksRate: 100,
      windows: [],
      autoTags: [],
    });
    saveAnalysis(db, 1, record({ key: 'heads@a', output: output(1) }));
    saveAnalysis(db, 2, record({ key: 'heads@a', output: output(2) }));
    saveAnalysis(db, 1, record({ key: 'heads@b', output: output(5) }));
    expect(loadExtensionOutputs(db, 'heads@b', [1]).data.map((d) => Array.from(d))).toEqual([[5, 255, 0, 10]]);
    expect(loadExtensionOutputs(db, 'heads@a', [1, 2]).fileIds).toEqual([2]);
    saveAnalysis(db, 1, record(null)); // analysed without the extension (it failed to open)
    expect(loadExtensionOutputs(db, 'heads@b', [1]).fileIds).toEqual([]);
    forgetAnalysis(db, 2);
    expect(loadExtensionOutputs(db, 'heads@a', [2]).fileIds).toEqual([]);
    saveExtensionOutput(db, 1, 'heads@a', output(1));
    deleteExtensionOutput(db, 1);
    expect(db.prepare('SELECT COUNT(*) FROM extension_outputs').pluck().get()).toBe(0);
  });
});
