// Query latency of the label bridge at library scale, on synthetic tag probabilities (speed does not depend on
// what the numbers mean; quality is measured by eval/harness.ts on real ones). Per query: query-label weights
// (527 x 512 dot products + softmax), the sparse score pass over N x 527, and the top 100.
// With --cache DIR (a label-bank cache, e.g. /tmp/hark-dev-library/cache) the real label bank and the embedded
// dev queries give the weights, so the number of classes a query keeps is realistic; else random unit vectors.
// Usage: npx vite-node eval/bench-bridge.ts -- [10000,100000] [--cache DIR]

import path from 'node:path';
import { loadLabelBank } from '../src-main/ml/text/label-bank';
import { createTextEncoder } from '../src-main/ml/text/text-encoder';
import { topK } from '../src-main/ml/text/vector-math';
import { readQueries } from './judgements.mjs';
import { toClassMajor } from '../src-main/search/label-bridge/class-major';
import {
  queryClassWeights,
  strongestClasses,
  ucsToClassMap,
  type BridgeLabels,
} from '../src-main/search/label-bridge/query-weights';
import { bridgeScoresClassMajor } from '../src-main/search/label-bridge/scoring';
import { DEFAULT_BRIDGE_SETTINGS } from '../src-main/search/label-bridge/settings';
import { bridgeScoresFromWeights, libraryPriors } from './row-major-bridge';

const C = 527;
const D = 512;
const sizes = (process.argv.slice(2).find((a) => /^\d/.test(a)) ?? '10000,100000').split(',').map(Number);

let seed = 42;
const rand = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
function unitRows(rows: number): Float32Array {
  const m = new Float32Array(rows * D);
  for (let r = 0; r < rows; r++) {
    let n = 0;
    for (let k = 0; k < D; k++) n += (m[r * D + k] = rand() - 0.5) ** 2;
    for (let k = 0; k < D; k++) m[r * D + k]! /= Math.sqrt(n);
  }
  return m;
}
const args = process.argv.slice(2);
const cacheDir = args.includes('--cache') ? args[args.indexOf('--cache') + 1] : undefined;
let labels: BridgeLabels = { dim: D, classEmbeddings: unitRows(C) };
let queries: Float32Array[] = Array.from({ length: 50 }, () => {
  // Queries near a label, as real ones are: one label plus noise.
  const q = new Float32Array(D);
  const c = Math.floor(rand() * C);
  for (let k = 0; k < D; k++) q[k] = labels.classEmbeddings[c * D + k]! + (rand() - 0.5) * 0.05;
  const n = Math.hypot(...q);
  return q.map((x) => x / n);
});

if (cacheDir) {
  const SHARED = process.env.HARK_SHARED ?? new URL('../../shared', import.meta.url).pathname;
  const bank = await loadLabelBank({
    audiosetDir: path.join(SHARED, 'data/audioset'),
    ucsDir: path.join(SHARED, 'data/ucs'),
    cacheDir,
    getEncoder: () => createTextEncoder(),
  });
  labels = {
    dim: D,
    classEmbeddings: bank.audiosetEmbeddings,
    ucsEmbeddings: bank.ucsEmbeddings,
    ucsToClass: ucsToClassMap(bank.audiosetUcsSimilarity, C, DEFAULT_BRIDGE_SETTINGS.temperature),
  };
  const texts = readQueries(path.join(import.meta.dirname, 'queries.tsv')).map((q) => q.query);
  queries = await (await createTextEncoder()).embed(texts);
}

for (const n of sizes) {
  // Tagger-like probabilities: mostly near zero, a few classes high per file.
  const probs = new Float32Array(n * C);
  for (let i = 0; i < probs.length; i++) probs[i] = rand() ** 8;
  const priors = libraryPriors(probs, C);
  const t0 = performance.now();
  const byClass = toClassMajor(probs, C);
  const transposeMs = performance.now() - t0;
  const kept: number[] = [];
  const timings = { rowMajor: [] as number[], classMajor: [] as number[] };
  for (const [i, q] of queries.entries()) {
    for (const layout of ['rowMajor', 'classMajor'] as const) {
      const t = performance.now();
      const w = queryClassWeights(q, labels, DEFAULT_BRIDGE_SETTINGS);
      const scores =
        layout === 'rowMajor'
          ? bridgeScoresFromWeights(w, probs, priors, DEFAULT_BRIDGE_SETTINGS.massKept)
          : bridgeScoresClassMajor(w, byClass, priors, DEFAULT_BRIDGE_SETTINGS.massKept);
      topK(scores, 100);
      if (i >= 5) timings[layout].push(performance.now() - t); // first runs warm the JIT
      if (layout === 'rowMajor') kept.push(strongestClasses(w, DEFAULT_BRIDGE_SETTINGS.massKept).length);
    }
  }
  const p = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!.toFixed(1);
  const meanKept = (kept.reduce((a, b) => a + b, 0) / kept.length).toFixed(1);
  console.log(`N=${n} (${queries.length} queries, ${meanKept} classes kept on average; weights + scores + top 100):`);
  console.log(`  row-major   p50 ${p(timings.rowMajor, 0.5)} ms, p95 ${p(timings.rowMajor, 0.95)} ms`);
  console.log(
    `  class-major p50 ${p(timings.classMajor, 0.5)} ms, p95 ${p(timings.classMajor, 0.95)} ms (one-off transpose ${transposeMs.toFixed(0)} ms)`,
  );
}
