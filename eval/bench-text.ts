// Text encoder timings: model load, one query at a time (what a search pays), and a batch.
// Usage: npx vite-node eval/bench-text.ts

import path from 'node:path';
import { createTextEncoder } from '../src-main/ml/text/text-encoder';
import { readQueries } from './judgements.mjs';

const t0 = performance.now();
const encoder = await createTextEncoder();
const loadMs = performance.now() - t0;
const texts = readQueries(path.join(import.meta.dirname, 'queries.tsv')).map((q) => q.query);
await encoder.embed(['warm up the graph']);
const times: number[] = [];
for (const t of texts) {
  const s = performance.now();
  await encoder.embed([t]);
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
const b0 = performance.now();
await encoder.embed(texts);
const batchMs = performance.now() - b0;
const pct = (q: number) => times[Math.floor(q * (times.length - 1))]!.toFixed(1);
console.log(
  `USE-lite (tfjs wasm backend): load ${loadMs.toFixed(0)} ms; one query p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms (${texts.length} queries); batch of ${texts.length}: ${batchMs.toFixed(0)} ms`,
);
