import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureVectors, saveAnalysis } from '../../src-main/store/analysis';
import { openDatabase, type Db } from '../../src-main/store/database';
import { forgetAnalysis } from '../../src-main/store/files';
import { VectorIndex } from '../../src-main/store/vector-index';
import { useTempDirs } from '../helpers/temp';

function addFile(db: Db, id: number, features: number[]): void {
  db.prepare("INSERT OR IGNORE INTO roots (id, path, added_at) VALUES (1, '/r', 0)").run();
  db.prepare(
    "INSERT OR IGNORE INTO files (id, root_id, path, name, folder, ext, size, mtime_ms) VALUES (?, 1, ?, ?, '/r', 'wav', 1, 1)",
  ).run(id, `/r/${id}.wav`, `${id}.wav`);
  analyse(db, id, features);
}

function analyse(db: Db, id: number, features: number[]): void {
  saveAnalysis(db, id, {
    analysisKey: 'k',
    modelId: 'm',
    duration: 1,
    probs: null,
    features: Float32Array.from(features),
    peaks: new Uint8Array([1]),
    peaksRate: 1,
    windows: [],
    autoTags: [],
  });
}

const ids = (index: VectorIndex, vector: number[], k: number) =>
  index.search(Float32Array.from(vector), k).map((hit) => hit.fileId);

describe('VectorIndex', () => {
  const tempDir = useTempDirs();

  it('finds nearest neighbours by cosine, caches to disk, and follows changes without rebuilding', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'library.db');
    const cache = `${dbPath}.features.usearch`;
    const db = openDatabase(dbPath);
    for (let id = 1; id <= 10; id++) addFile(db, id, [Math.cos(id / 4), Math.sin(id / 4), 0]);
    const index = new VectorIndex(db, featureVectors(db), cache);
    expect(ids(index, [Math.cos(0.25), Math.sin(0.25), 0], 2)).toEqual([1, 2]);
    expect(existsSync(cache)).toBe(true);
    expect(index.stats).toEqual({ rebuilds: 1, updates: 0, loadsFromDisk: 0 });

    // A second index (another process) loads the cache instead of rebuilding: same answers.
    const reopened = new VectorIndex(db, featureVectors(db), cache);
    expect(ids(reopened, [Math.cos(2.5), Math.sin(2.5), 0], 1)).toEqual([10]);
    expect(reopened.stats).toEqual({ rebuilds: 0, updates: 0, loadsFromDisk: 1 });

    // A new file, a re-analysed one (analysed_at moves on: wait a millisecond), a file that lost its analysis.
    addFile(db, 11, [0, 0, 1]);
    await new Promise((resolve) => setTimeout(resolve, 2));
    analyse(db, 3, [0, 0.1, 0.99]);
    forgetAnalysis(db, 10);
    expect(ids(index, [0, 0, 1], 2)).toEqual([11, 3]);
    expect(ids(index, [Math.cos(2.5), Math.sin(2.5), 0], 10)).not.toContain(10);
    expect(index.stats).toEqual({ rebuilds: 1, updates: 1, loadsFromDisk: 0 });
    expect(index.logCatchUps).toBe(1); // read from the log of analysis changes, not from every file's version

    // An index loaded from a cache older than the database catches up the same way.
    const late = new VectorIndex(db, featureVectors(db), cache);
    expect(ids(late, [0, 0, 1], 2)).toEqual([11, 3]);
    expect(late.stats).toEqual({ rebuilds: 0, updates: 1, loadsFromDisk: 1 });
    expect(late.logCatchUps).toBe(0); // its first look compares the versions the cache holds
    db.close();
  });

  it('builds anew when most of the library changed, or when the cache is damaged', () => {
    const dir = tempDir();
    const dbPath = join(dir, 'library.db');
    const cache = `${dbPath}.features.usearch`;
    const db = openDatabase(dbPath);
    for (let id = 1; id <= 4; id++) addFile(db, id, [id, 1, 0]);
    const index = new VectorIndex(db, featureVectors(db), cache);
    expect(ids(index, [1, 1, 0], 1)).toEqual([1]);
    for (let id = 5; id <= 12; id++) addFile(db, id, [0, 1, id]);
    expect(ids(index, [0, 1, 12], 1)).toEqual([12]);
    expect(index.stats).toMatchObject({ rebuilds: 2, updates: 0 });

    writeFileSync(`${cache}.versions`, 'not versions');
    writeFileSync(cache, 'not an index');
    const damaged = new VectorIndex(db, featureVectors(db), cache);
    expect(ids(damaged, [0, 1, 12], 1)).toEqual([12]);
    expect(damaged.stats).toMatchObject({ rebuilds: 1, loadsFromDisk: 0 });
    db.close();
  });

  it('keeps an i8 index apart from an f32 cache of the same vectors', () => {
    const dir = tempDir();
    const dbPath = join(dir, 'library.db');
    const cache = `${dbPath}.heads.usearch`;
    const db = openDatabase(dbPath);
    for (let id = 1; id <= 20; id++) addFile(db, id, [Math.cos(id / 5), Math.sin(id / 5), 0.1]);
    expect(ids(new VectorIndex(db, featureVectors(db), cache), [Math.cos(1), Math.sin(1), 0.1], 1)).toEqual([5]);
    expect(readFileSync(`${cache}.stamp`, 'utf8')).toMatch(/\|f32\n/);
    const i8 = new VectorIndex(db, featureVectors(db), cache, 'i8');
    expect(ids(i8, [Math.cos(1), Math.sin(1), 0.1], 3)).toContain(5);
    expect(i8.stats).toMatchObject({ rebuilds: 1, loadsFromDisk: 0 }); // rebuilt, not the f32 file read as i8
    expect(readFileSync(`${cache}.stamp`, 'utf8')).toMatch(/\|i8\n/);
    db.close();
  });

  it('answers nothing on an empty library', () => {
    const db = openDatabase(':memory:');
    expect(new VectorIndex(db, featureVectors(db), null).search(Float32Array.from([1, 0]), 5)).toEqual([]);
  });
});
