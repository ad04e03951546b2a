// Tries routing part of a query's class weights through captioned examples: the query's nearest training-corpus
// captions (text tower cosine), and the classes the tagger hears in those captions' files, mixed into the label
// bridge's weights. Scored like the bridge (sum_c w_c p_fc / prior_c) on both names-stripped dev libraries, neural
// only, mAP@10 per kind. For choosing on the dev set only; the corpus never holds a dev library's sounds.
// Needs `npm run train`'s corpus features (HARK_TRAIN_DIR: corpus.json, corpus-audio.f32, corpus-audio.ok.json).
// Usage: node_modules/.bin/node node_modules/.bin/vite-node eval/try-example-bridge.ts
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { AUDIO_LEVELS_SIZE } from '../src-main/ml/heads/audio-levels';
import { similarities, topK } from '../src-main/ml/text/vector-math';
import { chosenLibraries } from './libraries.mjs';
import {
  apAt,
  libraryPriors,
  meanByKind,
  openStrippedLibrary,
  printTable,
  stackRows,
  topRows,
  weightedScores,
} from './stripped-library';

const C = 527;
const work = process.env['HARK_TRAIN_DIR'] ?? '/tmp/hark-train';

// The corpus: one example per distinct caption, its files' probabilities averaged (files that decoded only).
const corpus = JSON.parse(readFileSync(path.join(work, 'corpus.json'), 'utf-8')) as { caption: string }[];
const ok = JSON.parse(readFileSync(path.join(work, 'corpus-audio.ok.json'), 'utf-8')) as boolean[];
const levels = new Float32Array(new Uint8Array(readFileSync(path.join(work, 'corpus-audio.f32'))).buffer);
const byCaption = new Map<string, Float32Array>();
const counts = new Map<string, number>();
corpus.forEach((entry, i) => {
  if (!ok[i]) return;
  const probs = levels.subarray(i * AUDIO_LEVELS_SIZE + AUDIO_LEVELS_SIZE - C, (i + 1) * AUDIO_LEVELS_SIZE);
  const sum = byCaption.get(entry.caption) ?? new Float32Array(C);
  for (let c = 0; c < C; c++) sum[c]! += probs[c]!;
  byCaption.set(entry.caption, sum);
  counts.set(entry.caption, (counts.get(entry.caption) ?? 0) + 1);
});
const captions = [...byCaption.keys()];
const corpusPrior = new Float32Array(C);
for (const [caption, sum] of byCaption) {
  const n = counts.get(caption)!;
  for (let c = 0; c < C; c++) corpusPrior[c]! += sum[c]! / n / captions.length;
}
// Each example's class distribution: its probabilities over the corpus prior, sharpened, summing to 1.
function exampleDistributions(power: number): Float32Array[] {
  return captions.map((caption) => {
    const sum = byCaption.get(caption)!;
    const out = new Float32Array(C);
    let total = 0;
    for (let c = 0; c < C; c++)
      total += out[c] = (sum[c]! / counts.get(caption)! / Math.max(corpusPrior[c]!, 0.01)) ** power;
    for (let c = 0; c < C; c++) out[c]! /= total;
    return out;
  });
}
console.error(`${captions.length} example captions from ${corpus.length} corpus files`);

interface Variant {
  share: number;
  neighbours: number;
  temperature: number;
  power: number;
}
const variants: Variant[] = [{ share: 0, neighbours: 1, temperature: 1, power: 1 }];
for (const share of [0.25, 0.5, 0.75])
  for (const neighbours of [5, 20, 50])
    for (const temperature of [0.02, 0.05])
      for (const power of [1, 2]) variants.push({ share, neighbours, temperature, power });

const distributions = new Map<number, Float32Array[]>();
for (const power of new Set(variants.map((v) => v.power))) distributions.set(power, exampleDistributions(power));

const mostNeighbours = Math.max(...variants.map((v) => v.neighbours));
let captionMatrix: Float32Array | undefined;
const results = new Map<string, Record<string, number>>();
for (const spec of chosenLibraries(['--library', 'all'])) {
  const { hark, bridge, internals, probs, queries } = await openStrippedLibrary(spec);
  const scorer = internals.ready();
  const N = probs.fileIds.length;
  const priors = libraryPriors(probs, bridge.settings.priorFloor);

  // The same text tower in both libraries: the captions are embedded once.
  captionMatrix ??= stackRows(await Promise.all(captions.map((c) => internals.embed(c))));

  const prepared = await Promise.all(
    queries.map(async (q) => {
      const e = await internals.embed(q.query);
      const sims = similarities(e, captionMatrix!, e.length);
      const order = topK(sims, mostNeighbours);
      return { ...q, weights: scorer.weights(e), sims, order };
    }),
  );
  for (const v of variants) {
    const aps: { kind: string; ap: number }[] = [];
    for (const q of prepared) {
      const w = Float32Array.from(q.weights, (x) => x * (1 - v.share));
      if (v.share > 0) {
        const near = q.order.slice(0, v.neighbours);
        const top = q.sims[near[0]!]!;
        const a = near.map((i) => Math.exp((q.sims[i]! - top) / v.temperature));
        const total = a.reduce((x, y) => x + y, 0);
        near.forEach((i, j) => {
          const dist = distributions.get(v.power)![i]!;
          for (let c = 0; c < C; c++) w[c]! += (v.share * a[j]! * dist[c]!) / total;
        });
      }
      const scores = weightedScores(w, N, (i, c) => probs.values[i * C + c]! / priors[c]!);
      aps.push({ kind: q.kind, ap: apAt(topRows(scores), q.relevant) });
    }
    const key = JSON.stringify(v);
    results.set(key, { ...results.get(key), ...meanByKind(spec.id, aps) });
  }
  hark.close();
}

printTable('share, neighbours, T, power', results);
