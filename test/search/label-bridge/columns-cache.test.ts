import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabelBank } from '../../../src-main/ml/text/label-bank';
import type { SentenceEncoder } from '../../../src-main/ml/text/text-encoder';
import { classMajorPriors, priorsFromSums } from '../../../src-main/search/label-bridge/class-major';
import { BridgeColumns } from '../../../src-main/search/label-bridge/columns';
import { readColumnsCache } from '../../../src-main/search/label-bridge/columns-cache';
import { createLibraryScorer } from '../../../src-main/search/label-bridge/library-scorer';
import { BridgeSearch } from '../../../src-main/search/label-bridge/neural-search';
import { DEFAULT_BRIDGE_SETTINGS } from '../../../src-main/search/label-bridge/settings';
import { QueryEmbeddings } from '../../../src-main/search/query-embeddings';
import { saveAnalysis } from '../../../src-main/store/analysis';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { forgetAnalysis } from '../../../src-main/store/files';
import { pruneAnalysisChanges } from '../../../src-main/store/analysis-changes';
import { useTempDirs } from '../../helpers/temp';

// Four classes with 3-d label texts, one UCS entry: enough for the bridge's weights, priors and UCS route.
const bank: LabelBank = {
  encoderId: 'test',
  dim: 3,
  audioset: ['Dog', 'Rain', 'Speech', 'Engine'].map((name, index) => ({
    index,
    mid: `/m/${index}`,
    name,
    description: '',
  })),
  audiosetEmbeddings: Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, Math.SQRT1_2, Math.SQRT1_2, 0]),
  ucs: [{ catId: 'RAIN', category: 'RAIN', subCategory: 'GENERAL', explanations: '', synonyms: [] }],
  ucsEmbeddings: Float32Array.from([0, 0.6, 0.8]),
  audiosetUcsSimilarity: Float32Array.from([0, 0.9, 0.1, 0]),
};
const CLASSES = bank.audioset.length;
const QUERIES: Record<string, number[]> = {
  dog: [1, 0, 0],
  rain: [0, 1, 0],
  'talking in the rain': [0, 0.6, 0.8],
  'a dog by a motor': [0.8, 0.6, 0],
};

const encoder: SentenceEncoder = {
  id: 'test',
  dim: 3,
  embed: async (texts) => texts.map((text) => Float32Array.from(QUERIES[text]!)),
  embedWithLayers: async () => {
    throw new Error('the label bridge reads sentences only');
  },
};

function library(dir: string): { db: Db; dbPath: string; analyse: (id: number, seed: number) => void } {
  const dbPath = join(dir, 'library.db');
  const db = openDatabase(dbPath);
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
      probs: Float32Array.from({ length: CLASSES }, (_, c) => ((seed * 7 + c * 3) % 11) / 11 + (seed % 13) / 1300),
      features: null,
      peaks: new Uint8Array([1]),
      peaksRate: 1,
      windows: [],
      autoTags: [],
    });
    // analysed_at is the version the cache is checked against: distinct even within one millisecond.
    db.prepare('UPDATE files SET analysed_at = ? WHERE id = ?').run(clock++, id);
  };
  return { db, dbPath, analyse };
}

/** What the bridge answers from these columns: every scored file by id, best first, with its exact score. */
function scores(
  columns: BridgeColumns,
  columnSums: Float64Array | null = null,
): Record<string, { fileId: number; score: number }[]> {
  const scorer = createLibraryScorer(bank, columns.probs!, DEFAULT_BRIDGE_SETTINGS, columnSums);
  return Object.fromEntries(
    Object.entries(QUERIES).map(([text, vector]) => [
      text,
      scorer
        .search(Float32Array.from(vector), 1000)
        .map(({ index, score }) => ({ fileId: columns.fileIds[index]!, score })),
    ]),
  );
}

describe('the label bridge columns cache', () => {
  const tempDir = useTempDirs();

  it('loads in a new process instead of rebuilding, and scores exactly as a fresh build', () => {
    const { db, dbPath, analyse } = library(tempDir());
    for (let id = 1; id <= 300; id++) analyse(id, id);
    const cache = `${dbPath}.bridge-columns`;
    const first = new BridgeColumns(db, CLASSES, cache);
    expect(first.sync()).toBe(true);
    expect(first.cacheStats).toEqual({ loads: 0, saves: 1 });
    expect(statSync(cache).size).toBeGreaterThan(300 * CLASSES * 4);

    const loaded = new BridgeColumns(db, CLASSES, cache);
    expect(loaded.sync()).toBe(true); // the scorer must be made even though nothing changed
    expect(loaded.stats).toEqual({ rebuilds: 0, updates: 0 });
    expect(loaded.cacheStats).toEqual({ loads: 1, saves: 0 });
    expect(loaded.sync()).toBe(false);

    const fresh = new BridgeColumns(db, CLASSES);
    fresh.sync();
    const expected = scores(fresh);
    expect(expected.dog!.length).toBeGreaterThan(100);
    expect(scores(loaded)).toEqual(expected);
    // Room to grow was kept, as a fresh build keeps it.
    expect(loaded.probs!.stride).toBe(fresh.probs!.stride);
    // The column sums taken while reading give the very priors a pass over the matrix gives, hence the same scores.
    expect(Array.from(priorsFromSums(loaded.columnSums!, loaded.probs!.liveFiles))).toEqual(
      Array.from(classMajorPriors(loaded.probs!)),
    );
    expect(scores(loaded, loaded.columnSums)).toEqual(expected);
    // A fresh build takes the sums as it fills the matrix: the same priors (to float precision: another order).
    const passPriors = classMajorPriors(fresh.probs!);
    priorsFromSums(fresh.columnSums!, fresh.probs!.liveFiles).forEach((prior, c) =>
      expect(prior).toBeCloseTo(passPriors[c]!, 6),
    );
  });

  it('brings a stale cache up to date from the files table, and rebuilds it when most of the library changed', () => {
    const { db, dbPath, analyse } = library(tempDir());
    for (let id = 1; id <= 200; id++) analyse(id, id);
    const cache = `${dbPath}.bridge-columns`;
    const running = new BridgeColumns(db, CLASSES, cache);
    running.sync();

    // Since the cache was written: new files, a re-analysed one, one that lost its analysis.
    for (let id = 201; id <= 220; id++) analyse(id, id);
    analyse(7, 999);
    forgetAnalysis(db, 9);
    const loaded = new BridgeColumns(db, CLASSES, cache);
    expect(loaded.sync()).toBe(true);
    expect(loaded.cacheStats.loads).toBe(1);
    expect(loaded.stats).toEqual({ rebuilds: 0, updates: 1 });
    expect(loaded.rowOf.has(9)).toBe(false);
    // The sums follow the changes (added rows, the re-analysed row's old values out and new in, the lost row out).
    const passPriors = classMajorPriors(loaded.probs!);
    priorsFromSums(loaded.columnSums!, loaded.probs!.liveFiles).forEach((prior, c) =>
      expect(prior).toBeCloseTo(passPriors[c]!, 6),
    );
    // Exactly what the process that kept running has, and the same ranking and scores as a fresh build (whose rows
    // are in another order, so its priors sum in another order: equal to float precision).
    running.sync();
    expect(scores(loaded)).toEqual(scores(running));
    const fresh = new BridgeColumns(db, CLASSES);
    fresh.sync();
    const freshScores = scores(fresh);
    for (const [text, hits] of Object.entries(scores(loaded))) {
      expect(hits.map((hit) => hit.fileId)).toEqual(freshScores[text]!.map((hit) => hit.fileId));
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(freshScores[text]![i]!.score, 5));
    }

    // Most of the library re-analysed: the stale cache is not patched but built anew, and saved.
    for (let id = 1; id <= 150; id++) analyse(id, id + 5000);
    const rebuilt = new BridgeColumns(db, CLASSES, cache);
    rebuilt.sync();
    expect(rebuilt.stats).toEqual({ rebuilds: 1, updates: 0 });
    expect(rebuilt.cacheStats).toEqual({ loads: 1, saves: 1 });
    const again = new BridgeColumns(db, CLASSES);
    again.sync();
    expect(scores(rebuilt)).toEqual(scores(again));
    const reloaded = new BridgeColumns(db, CLASSES, cache);
    reloaded.sync();
    expect(reloaded.stats).toEqual({ rebuilds: 0, updates: 0 });
    expect(scores(reloaded)).toEqual(scores(again));
  });

  it('ignores a cache that is cut short, of another class count, or inconsistent, and rebuilds it', () => {
    const { db, dbPath, analyse } = library(tempDir());
    for (let id = 1; id <= 50; id++) analyse(id, id);
    const cache = `${dbPath}.bridge-columns`;
    new BridgeColumns(db, CLASSES, cache).sync();
    const good = readFileSync(cache);
    const fresh = new BridgeColumns(db, CLASSES);
    fresh.sync();

    const damaged = [
      good.subarray(0, good.length - 4), // cut short
      Buffer.from('not a cache at all'),
    ];
    // A row whose file id the versions do not list (the first row's id, just after the 50 version pairs).
    const foreignRow = Buffer.from(good);
    foreignRow.writeInt32LE(12345, 32 + 50 * 16);
    damaged.push(foreignRow);
    for (const bytes of damaged) {
      writeFileSync(cache, bytes);
      const columns = new BridgeColumns(db, CLASSES, cache);
      columns.sync();
      expect(columns.cacheStats).toEqual({ loads: 0, saves: 1 });
      expect(columns.stats.rebuilds).toBe(1);
      expect(scores(columns)).toEqual(scores(fresh));
      expect(readFileSync(cache).equals(good)).toBe(true);
    }
    // Another tagger's class count: not read at all.
    expect(readColumnsCache(cache, CLASSES + 1, (rows) => rows)).toBeNull();
    expect(readColumnsCache(cache, CLASSES, (rows) => rows)?.probs.numFiles).toBe(50);
  });

  it('reads only the columns a query weights, and reads the rest before it changes a row', () => {
    const { db, dbPath, analyse } = library(tempDir());
    for (let id = 1; id <= 100; id++) analyse(id, id);
    const cache = `${dbPath}.bridge-columns`;
    new BridgeColumns(db, CLASSES, cache).sync();
    const fresh = new BridgeColumns(db, CLASSES);
    fresh.sync();
    // Without the UCS route, at T 0.1, "dog" weighs Dog 0.950, Engine 0.050 (cosine 0.71), Rain and Speech 4e-5:
    // the ranking (mass 0.7) reads Dog's column alone. The match strength (mass 0.95) and the explanation read
    // every class of a few files: their rows come from the database, so no other column is read.
    const settings = { ...DEFAULT_BRIDGE_SETTINGS, temperature: 0.1, ucsShare: 0, massKept: 0.7 };
    const freshScorer = createLibraryScorer(bank, fresh.probs!, settings);

    const loaded = new BridgeColumns(db, CLASSES, cache);
    loaded.sync();
    expect(loaded.unreadColumns()).toBe(CLASSES);
    const scorer = createLibraryScorer(bank, loaded.probs!, settings, loaded.columnSums);
    expect(loaded.unreadColumns()).toBe(CLASSES); // the stored sums made the priors
    const dog = Float32Array.from(QUERIES.dog!);
    const hits = scorer.search(dog, 20);
    expect(hits).toEqual(freshScorer.search(dog, 20));
    expect(loaded.unreadColumns()).toBe(CLASSES - 1);
    const rows = hits.map((hit) => hit.index);
    const strength = scorer.matchStrength(scorer.weights(dog), rows);
    expect(strength).toBeGreaterThan(0);
    expect(strength).toBe(freshScorer.matchStrength(freshScorer.weights(dog), rows));
    const explained = scorer.explain(scorer.weights(dog), hits[0]!.index);
    expect(explained.slice(0, 2).map((factor) => factor.label)).toEqual(['Dog', 'Engine']);
    expect(explained).toEqual(freshScorer.explain(freshScorer.weights(dog), hits[0]!.index));
    expect(loaded.unreadColumns()).toBe(CLASSES - 1);

    // A change to one file: the rest of the columns are read from the same snapshot, then the row is patched.
    analyse(3, 777);
    expect(loaded.sync()).toBe(true);
    expect(loaded.unreadColumns()).toBe(0);
    fresh.sync();
    expect(scores(loaded)).toEqual(scores(fresh));
  });

  it('adds new files without reading the columns a query has not needed, and writes them whole when it saves', () => {
    const { db, dbPath, analyse } = library(tempDir());
    for (let id = 1; id <= 100; id++) analyse(id, id);
    const cache = `${dbPath}.bridge-columns`;
    new BridgeColumns(db, CLASSES, cache).sync();
    const settings = { ...DEFAULT_BRIDGE_SETTINGS, temperature: 0.1, ucsShare: 0, massKept: 0.7 };
    const loaded = new BridgeColumns(db, CLASSES, cache);
    loaded.sync();
    const dog = Float32Array.from(QUERIES.dog!);
    createLibraryScorer(bank, loaded.probs!, settings, loaded.columnSums).search(dog, 20);
    expect(loaded.unreadColumns()).toBe(CLASSES - 1);

    // Ten new files (an index run's batch): appended past the cached rows, no other column read.
    for (let id = 101; id <= 110; id++) analyse(id, id * 31);
    expect(loaded.sync()).toBe(true);
    expect(loaded.unreadColumns()).toBe(CLASSES - 1);
    const fresh = new BridgeColumns(db, CLASSES);
    fresh.sync();
    const freshScorer = createLibraryScorer(bank, fresh.probs!, settings, fresh.columnSums);
    const scorer = createLibraryScorer(bank, loaded.probs!, settings, loaded.columnSums);
    expect(scorer.search(dog, 200)).toEqual(freshScorer.search(dog, 200));
    // The sums kept in step are the whole matrix's (hence the priors): the columns read later hold the new rows.
    loaded.columnSums!.forEach((sum, c) => expect(sum).toBeCloseTo(fresh.columnSums![c]!, 4));
    expect(scores(loaded, loaded.columnSums)).toEqual(scores(fresh, loaded.columnSums));
    expect(loaded.unreadColumns()).toBe(0);

    // A column never read before the save: the file written holds its cached rows and the new ones.
    const another = new BridgeColumns(db, CLASSES, cache);
    another.sync();
    analyse(111, 5);
    another.sync();
    expect(another.unreadColumns()).toBe(CLASSES);
    another.persist();
    const reloaded = new BridgeColumns(db, CLASSES, cache);
    reloaded.sync();
    expect(reloaded.stats).toEqual({ rebuilds: 0, updates: 0 });
    fresh.sync();
    expect(scores(reloaded)).toEqual(scores(fresh));
  });

  it('keeps reading the snapshot it loaded when another process replaces the cache, and says so when it is cut', () => {
    const { db, dbPath, analyse } = library(tempDir());
    for (let id = 1; id <= 100; id++) analyse(id, id);
    const cache = `${dbPath}.bridge-columns`;
    new BridgeColumns(db, CLASSES, cache).sync();
    const loaded = new BridgeColumns(db, CLASSES, cache);
    loaded.sync();

    // Another process re-analyses most files and writes a new cache under the same name (temp file, rename).
    for (let id = 1; id <= 80; id++) analyse(id, id + 300);
    new BridgeColumns(db, CLASSES, cache).sync();
    expect(loaded.sync()).toBe(true); // patched from the old snapshot's columns, not the new file's rows
    const fresh = new BridgeColumns(db, CLASSES);
    fresh.sync();
    for (const [text, hits] of Object.entries(scores(loaded))) {
      expect(hits.map((hit) => hit.fileId)).toEqual(scores(fresh)[text]!.map((hit) => hit.fileId));
    }

    // Cut short in place (not as Hark writes it) while a process still reads from it: a clear error, not zeros.
    const reader = new BridgeColumns(db, CLASSES, cache);
    reader.sync();
    writeFileSync(cache, readFileSync(cache).subarray(0, 64));
    const scorer = createLibraryScorer(bank, reader.probs!, DEFAULT_BRIDGE_SETTINGS, reader.columnSums);
    expect(() => scorer.search(Float32Array.from(QUERIES.rain!), 10)).toThrow(/cut short while in use/);
    const rebuilt = new BridgeColumns(db, CLASSES, cache);
    rebuilt.sync();
    expect(rebuilt.stats.rebuilds).toBe(1);
    expect(scores(rebuilt)).toEqual(scores(fresh));
  });

  it('lets a searching process save the columns it holds after an index run, for the next process to load as is', async () => {
    const { db, dbPath, analyse } = library(tempDir());
    for (let id = 1; id <= 60; id++) analyse(id, id);
    const cache = `${dbPath}.bridge-columns`;
    const bridge = new BridgeSearch(db, bank, new QueryEmbeddings(async () => encoder, false), cache);
    await bridge.search('dog', 10); // builds and saves
    for (let id = 61; id <= 70; id++) analyse(id, id); // too few changes for the running process to save on its own
    await bridge.search('dog', 10);
    expect(readColumnsCache(cache, CLASSES, (rows) => rows)?.probs.numFiles).toBe(60);
    bridge.persist();
    const next = new BridgeColumns(db, CLASSES, cache);
    next.sync();
    expect(next.cacheStats.loads).toBe(1);
    expect(next.stats).toEqual({ rebuilds: 0, updates: 0 });
    expect(next.fileIds.filter((id) => id >= 0)).toHaveLength(70);
  });

  it('gives the same search hits and scores through BridgeSearch with and without the cache', async () => {
    const { db, dbPath, analyse } = library(tempDir());
    for (let id = 1; id <= 120; id++) analyse(id, id);
    const embeddings = () => new QueryEmbeddings(async () => encoder, false);
    const cache = `${dbPath}.bridge-columns`;
    await new BridgeSearch(db, bank, embeddings(), cache).search('dog', 10); // writes the cache
    const cached = new BridgeSearch(db, bank, embeddings(), cache);
    const uncached = new BridgeSearch(db, bank, embeddings(), null);
    for (const text of Object.keys(QUERIES)) {
      const [a, b] = [await cached.search(text, 50), await uncached.search(text, 50)];
      expect(a.hits.length).toBeGreaterThan(10);
      expect(a).toEqual(b);
      const ids = a.hits.slice(0, 5).map((hit) => hit.fileId);
      expect(await cached.explain(text, ids)).toEqual(await uncached.explain(text, ids));
    }
  });

  it('catches up from the log of analysis changes, and from the versions when the log was pruned past it', () => {
    const { db, analyse } = library(tempDir());
    for (let id = 1; id <= 100; id++) analyse(id, id);
    const running = new BridgeColumns(db, CLASSES);
    running.sync();
    expect(running.logCatchUps).toBe(0); // the first sync lists the versions

    const change = (round: number) => {
      for (let id = 101 + round * 5; id <= 105 + round * 5; id++) analyse(id, id);
      analyse(10 + round, 900 + round); // re-analysed
      forgetAnalysis(db, 40 + round); // lost its analysis
    };
    const matchesFreshBuild = () => {
      const fresh = new BridgeColumns(db, CLASSES);
      fresh.sync();
      const expected = scores(fresh);
      for (const [text, hits] of Object.entries(scores(running, running.columnSums))) {
        expect(hits.map((hit) => hit.fileId)).toEqual(expected[text]!.map((hit) => hit.fileId));
        hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[text]![i]!.score, 5));
      }
    };

    change(0);
    expect(running.sync()).toBe(true);
    expect(running.logCatchUps).toBe(1);
    expect(running.stats).toEqual({ rebuilds: 1, updates: 1 });
    expect(running.rowOf.has(40)).toBe(false);
    expect(running.rowOf.has(105)).toBe(true);
    matchesFreshBuild();
    expect(running.sync()).toBe(false); // nothing new in the log
    expect(running.logCatchUps).toBe(2);

    // The log's entries after the matrix's last were pruned: the versions decide, and the result is the same.
    change(1);
    pruneAnalysisChanges(db, 0);
    expect(running.sync()).toBe(true);
    expect(running.logCatchUps).toBe(2);
    expect(running.rowOf.has(41)).toBe(false);
    matchesFreshBuild();

    // And the log takes over again from there.
    change(2);
    expect(running.sync()).toBe(true);
    expect(running.logCatchUps).toBe(3);
    matchesFreshBuild();
  });

  it('a new process starts from where the cache left the log: only the changes since are read', () => {
    const { db, dbPath, analyse } = library(tempDir());
    for (let id = 1; id <= 120; id++) analyse(id, id);
    const cache = `${dbPath}.bridge-columns`;
    new BridgeColumns(db, CLASSES, cache).sync(); // builds and writes the cache

    const quiet = new BridgeColumns(db, CLASSES, cache);
    expect(quiet.sync()).toBe(true);
    expect(quiet.logCatchUps).toBe(1); // nothing logged since: no list of versions needed
    expect(quiet.stats).toEqual({ rebuilds: 0, updates: 0 });

    for (let id = 121; id <= 125; id++) analyse(id, id);
    analyse(3, 777);
    forgetAnalysis(db, 4);
    const behind = new BridgeColumns(db, CLASSES, cache);
    expect(behind.sync()).toBe(true);
    expect(behind.logCatchUps).toBe(1);
    expect(behind.stats).toEqual({ rebuilds: 0, updates: 1 });
    expect(behind.rowOf.has(4)).toBe(false);
    expect(behind.rowOf.has(125)).toBe(true);
    const fresh = new BridgeColumns(db, CLASSES);
    fresh.sync();
    const expected = scores(fresh);
    for (const [text, hits] of Object.entries(scores(behind, behind.columnSums)))
      expect(hits.map((hit) => hit.fileId)).toEqual(expected[text]!.map((hit) => hit.fileId));

    // The log pruned past the cache's place: the versions decide, with the same result.
    pruneAnalysisChanges(db, 0);
    const pruned = new BridgeColumns(db, CLASSES, cache);
    expect(pruned.sync()).toBe(true);
    expect(pruned.logCatchUps).toBe(0);
    expect(pruned.stats).toEqual({ rebuilds: 0, updates: 1 });
    expect(pruned.rowOf.has(4)).toBe(false);
  });
});
