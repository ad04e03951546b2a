// Query latency over large libraries: synthetic files (random sparse tag probabilities and features, which is
// all the neural search reads) in a real database, searched through the real Hark core with the real text encoder.
import { join } from 'node:path';
import type { SearchModel } from '../../src-main/api/contract';
import { Hark } from '../../src-main/app/hark';
import { float32ToBlob } from '../../src-main/store/blobs';
import { probeFile } from '../../src-main/metadata/probe';
import { storedCodes } from '../../src-main/ml/heads/codes';
import { saveExtensionOutput } from '../../src-main/store/extension-outputs';
import { openDatabase, type Db } from '../../src-main/store/database';
import { useLexicon } from '../../src-main/store/keyword-index';
import { createLexicon, keywordDocument } from '../../src-main/words/lexicon';
import { percentile } from './stats';

const WORDS = [
  'kick',
  'snare',
  'door',
  'wood',
  'metal',
  'rain',
  'wind',
  'crowd',
  'engine',
  'glass',
  'water',
  'fire',
  'impact',
  'whoosh',
  'step',
  'bird',
  'dog',
  'car',
  'gun',
  'explosion',
];

export const BENCH_QUERIES = [
  'kick',
  'rain on a tin roof',
  'wet footsteps on gravel',
  'glass breaking',
  'door slam',
  'dog barking in the distance',
  'thunderous explosion',
  'car engine idling',
  'birds at dawn',
  'crowd cheering',
  'metal impact',
  'wind howling',
  'water dripping',
  'fire crackling',
  'gunshot',
  'whoosh',
  'snare -808',
  '"door slam" OR knock',
  'engine*',
  'heavy rain',
];

export interface QueryBenchResult {
  files: number;
  mode: string;
  p50: number;
  p95: number;
  /** The mode's first search in this process (it loads the encoders and the vectors), ms. */
  firstMs?: number;
}

export function random(seed: number) {
  let state = seed >>> 0;
  return () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** One synthetic file's analysis after another: a few strong tags over a faint floor, and random features. */
export function syntheticVectors(rand: () => number): () => { probs: Float32Array; features: Float32Array } {
  const probs = new Float32Array(527);
  const features = new Float32Array(384);
  return () => {
    for (let c = 0; c < 527; c++) probs[c] = 0.001 + 0.02 * rand() ** 4;
    for (let k = 0; k < 5; k++) probs[Math.floor(rand() * 527)] = 0.2 + 0.7 * rand();
    for (let d = 0; d < 384; d++) features[d] = rand() - 0.5;
    return { probs, features };
  };
}

/** `headsKey`: also give every file random codes of the trained heads (joint embedding, level codes), stored under it. */
export function makeSyntheticLibrary(
  dbPath: string,
  files: number,
  headsKey: string | null = null,
  { analysed = true }: { analysed?: boolean } = {},
): void {
  const db = openDatabase(dbPath);
  db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/synthetic', 0)").run();
  addSyntheticFiles(db, 1, files, headsKey, random(files), analysed);
  db.close();
}

/** Files `from` .. `from + count - 1`, analysed now, as makeSyntheticLibrary makes them. */
function addSyntheticFiles(
  db: Db,
  from: number,
  count: number,
  headsKey: string | null,
  rand: () => number,
  analysed = true,
): void {
  const insertFile = db.prepare(
    `INSERT INTO files (id, root_id, path, name, folder, ext, size, mtime_ms, format, duration, sample_rate, channels, bit_depth,
       status, analysis_key, analysed_at) VALUES (?, 1, ?, ?, '/synthetic', 'wav', 1000, 0, 'wav', ?, 48000, 2, 24,
       ${analysed ? "'analysed', 'synthetic'" : "'catalogued', NULL"}, ?)`,
  );
  const insertAnalysis = db.prepare('INSERT INTO analysis (file_id, model_id, probs, features) VALUES (?, ?, ?, ?)');
  const insertKeywords = db.prepare(
    'INSERT INTO files_fts (rowid, name, folder, meta, tags, derived) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // The lexicon the benchmark's Hark opens with (no UCS table): recorded so that opening it rebuilds nothing.
  const lexicon = createLexicon(null);
  useLexicon(db, lexicon);
  const vectors = syntheticVectors(rand);
  const ea = new Float32Array(512);
  const za = new Float32Array(6 * 256);
  db.transaction(() => {
    for (let id = from; id < from + count; id++) {
      const { probs, features } = vectors();
      const name = `${WORDS[id % WORDS.length]}_${WORDS[(id * 7) % WORDS.length]}_${id}.wav`;
      insertFile.run(id, `/synthetic/${name}`, name, 0.5 + rand() * 10, Date.now() + id);
      if (analysed) insertAnalysis.run(id, 'efficientat-mn04-as', float32ToBlob(probs), float32ToBlob(features));
      const doc = keywordDocument(
        { name: name.replace(/\.wav$/, ''), folder: 'synthetic', meta: [], tags: [] },
        lexicon,
      );
      insertKeywords.run(id, doc.name, doc.folder, doc.meta, doc.tags, doc.derived);
      if (headsKey) {
        for (let d = 0; d < ea.length; d++) ea[d] = rand() - 0.5;
        for (let d = 0; d < za.length; d++) za[d] = (rand() - 0.5) / 8;
        saveExtensionOutput(db, id, headsKey, storedCodes({ ea, za, probs }));
      }
    }
  })();
}

export async function benchQueries(
  dbPath: string,
  modelsDir: string,
  files: number,
  rounds = 3,
  {
    keywordOnly = false,
    similar: timeSimilar = !keywordOnly,
    onRow = () => {},
  }: {
    keywordOnly?: boolean;
    /** Also time "more like this" (its first call builds the HNSW index: 91 s at 100k files on 2 cores). */
    similar?: boolean;
    /** Each row as soon as its mode is timed: at 1M files one mode takes minutes. */
    onRow?: (row: QueryBenchResult) => void;
  } = {},
): Promise<QueryBenchResult[]> {
  const hark = await Hark.open({ dbPath, modelsDir, probe: probeFile, workers: 0, keywordOnly });
  try {
    const results: QueryBenchResult[] = [];
    const report = (row: QueryBenchResult) => {
      results.push(row);
      onRow(row);
    };
    const runs: { mode: 'keyword' | 'fused'; model?: SearchModel }[] = [{ mode: 'keyword' }];
    if (!keywordOnly) runs.push({ mode: 'fused', model: 'label-bridge' });
    if (!keywordOnly && (await hark.getInfo()).heads.installed) runs.push({ mode: 'fused', model: 'hark-heads' });
    for (const { mode, model } of runs) {
      // Warm: loads the encoders and the vectors, then one untimed pass so that V8 has compiled this model's path
      // (after a single warm-up query the heads' first timed round measured ~7 ms slower than later rounds).
      const firstStarted = performance.now();
      await hark.search({ text: 'warm up', mode, model, limit: 50 });
      const firstMs = performance.now() - firstStarted;
      for (const text of BENCH_QUERIES) await hark.search({ text, mode, model, limit: 50 });
      const took: number[] = [];
      for (let r = 0; r < rounds; r++) {
        for (const text of BENCH_QUERIES) {
          const started = performance.now();
          await hark.search({ text, mode, model, limit: 50 });
          took.push(performance.now() - started);
        }
      }
      report({
        files,
        mode: model ? `${mode} (${model})` : mode,
        p50: percentile(took, 0.5),
        p95: percentile(took, 0.95),
        firstMs,
      });
    }
    if (!timeSimilar) return results;
    const similar: number[] = [];
    const firstStarted = performance.now();
    await hark.similar({ fileId: 1, limit: 50 });
    const firstMs = performance.now() - firstStarted;
    for (let i = 1; i <= 60; i++) {
      const started = performance.now();
      await hark.similar({ fileId: 1 + ((i * 7919) % files), limit: 50 });
      similar.push(performance.now() - started);
    }
    report({
      files,
      mode: 'more like this',
      p50: percentile(similar, 0.5),
      p95: percentile(similar, 0.95),
      firstMs,
    });
    return results;
  } finally {
    hark.close();
  }
}

export const syntheticDbPath = (dir: string, files: number) => join(dir, `synthetic-${files}.db`);

/**
 * The first search after new files were analysed (an indexing run adds some while the user searches): each model
 * and "more like this" once after each of `rounds` batches of 10 new files, in a warm process.
 */
export async function benchAfterChange(
  dbPath: string,
  modelsDir: string,
  files: number,
  headsKey: string | null,
  rounds = 5,
  /** Also "more like this" (its first call builds the HNSW index: not done at 1M files, see million-fused). */
  { similar = true }: { similar?: boolean } = {},
): Promise<QueryBenchResult[]> {
  // New files arrive through the service's own connection, as its indexer adds them.
  const db = openDatabase(dbPath);
  const hark = await Hark.open({ dbPath, modelsDir, probe: probeFile, workers: 0, db });
  try {
    const models: SearchModel[] = headsKey ? ['label-bridge', 'hark-heads'] : ['label-bridge'];
    // Warm as the warm rows are: each query once, untimed, so that what is timed is the change's cost (the columns a
    // query first needs in a new process are read then, and count in its first search: see benchQueries).
    for (const model of models)
      for (const text of ['warm up', ...BENCH_QUERIES.slice(0, rounds)])
        await hark.search({ text, mode: 'fused', model, limit: 50 });
    if (similar) await hark.similar({ fileId: 1, limit: 50 });
    const took = new Map<string, number[]>();
    const time = async (label: string, run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      (took.get(label) ?? took.set(label, []).get(label)!).push(performance.now() - started);
    };
    const rand = random(files + 1);
    for (let round = 0; round < rounds; round++) {
      addSyntheticFiles(db, files + 1 + round * 10, 10, headsKey, rand);
      for (const model of models)
        await time(`fused (${model})`, () =>
          hark.search({ text: BENCH_QUERIES[round]!, mode: 'fused', model, limit: 50 }),
        );
      if (!similar) continue;
      addSyntheticFiles(db, files + 1_000_001 + round * 10, 10, headsKey, rand);
      await time('more like this', () => hark.similar({ fileId: 1 + round, limit: 50 }));
    }
    return [...took].map(([mode, values]) => ({
      files,
      mode,
      p50: percentile(values, 0.5),
      p95: percentile(values, 0.95),
    }));
  } finally {
    hark.close();
  }
}
