import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMatrix, saveAnalysis } from '../../src-main/store/analysis';
import { openDatabase, type Db } from '../../src-main/store/database';
import { VectorIndex } from '../../src-main/store/vector-index';
import { useTempDirs } from '../helpers/temp';

function addFile(db: Db, id: number, features: number[]): void {
  db.prepare("INSERT OR IGNORE INTO roots (id, path, added_at) VALUES (1, '/r', 0)").run();
  db.prepare("INSERT INTO files (id, root_id, path, name, folder, ext, size, mtime_ms) VALUES (?, 1, ?, ?, '/r', 'wav', 1, 1)").run(id, `/r/${id}.wav`, `${id}.wav`);
  saveAnalysis(db, id, {
    analysisKey: 'k', modelId: 'm', duration: 1, probs: null, features: Float32Array.from(features),
    peaks: new Uint8Array([1]), peaksRate: 1, windows: [], autoTags: [],
  });
}

describe('VectorIndex', () => {
  const tempDir = useTempDirs();

  it('finds nearest neighbours by cosine, caches to disk, and rebuilds when analyses change', () => {
    const dir = tempDir();
    const dbPath = join(dir, 'library.db');
    const cache = `${dbPath}.features.usearch`;
    const db = openDatabase(dbPath);
    addFile(db, 1, [1, 0, 0]);
    addFile(db, 2, [0.9, 0.1, 0]);
    addFile(db, 3, [0, 0, 1]);
    const index = new VectorIndex(db, () => loadMatrix(db, 'features'), cache);
    expect(index.search(Float32Array.from([1, 0, 0]), 2).map((hit) => hit.fileId)).toEqual([1, 2]);
    expect(existsSync(cache)).toBe(true);

    // A second index (another process) loads the cache instead of rebuilding: same answers.
    const reopened = new VectorIndex(db, () => loadMatrix(db, 'features'), cache);
    expect(reopened.search(Float32Array.from([0, 0, 1]), 1)[0]!.fileId).toBe(3);

    addFile(db, 4, [0, 0.1, 0.99]);
    expect(index.search(Float32Array.from([0, 0, 1]), 2).map((hit) => hit.fileId)).toEqual([3, 4]);
    db.close();
  });

  it('keeps an i8 index apart from an f32 cache of the same vectors', () => {
    const dir = tempDir();
    const dbPath = join(dir, 'library.db');
    const cache = `${dbPath}.heads.usearch`;
    const db = openDatabase(dbPath);
    for (let id = 1; id <= 20; id++) addFile(db, id, [Math.cos(id / 5), Math.sin(id / 5), 0.1]);
    const load = () => loadMatrix(db, 'features');
    expect(new VectorIndex(db, load, cache).search(Float32Array.from([Math.cos(1), Math.sin(1), 0.1]), 1)[0]!.fileId).toBe(5);
    expect(readFileSync(`${cache}.stamp`, 'utf8')).toMatch(/\|f32\n/);
    const i8 = new VectorIndex(db, load, cache, 'i8');
    expect(i8.search(Float32Array.from([Math.cos(1), Math.sin(1), 0.1]), 3).map((hit) => hit.fileId)).toContain(5);
    expect(readFileSync(`${cache}.stamp`, 'utf8')).toMatch(/\|i8\n/); // rebuilt, not the f32 file read as i8
    db.close();
  });

  it('answers nothing on an empty library', () => {
    const db = openDatabase(':memory:');
    expect(new VectorIndex(db, () => loadMatrix(db, 'features'), null).search(Float32Array.from([1, 0]), 5)).toEqual([]);
  });
});
