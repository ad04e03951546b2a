// The label bridge bound to one library: the label bank, the N x 527 tag probabilities of the analysed files and
// their priors, ready to answer queries. Rebuild it when files are added or re-analysed (priors move).

import type { LabelBank } from '../../ml/text/label-bank';
import { similarities, topK } from '../../ml/text/vector-math';
import { classMajorPriors, fileRow, priorsFromSums, rowsView, toClassMajor, type ClassMajorProbs } from './class-major';
import { queryClassWeights, ucsToClassMap, type BridgeLabels } from './query-weights';
import { bridgeScoresClassMajor, explainBridge, matchStrength, type BridgeFactor } from './scoring';
import { DEFAULT_BRIDGE_SETTINGS, type BridgeSettings } from './settings';

/** The share of a query's class mass its match strength is measured over (USE-lite's massKept, as calibrated). */
const STRENGTH_MASS = 0.95;

/** A file by its row of the probability matrix the scorer was built with (the caller maps rows to files). */
export interface ScoredRow {
  index: number;
  score: number;
}

export interface LibraryScorer {
  readonly fileCount: number;
  /** The query's weight on each AudioSet class (keep it to explain hits of the same query). */
  weights(queryEmbedding: Float32Array): Float32Array;
  /** The best `limit` files with a positive score, best first. */
  search(queryEmbedding: Float32Array, limit: number): ScoredRow[];
  /** The classes behind one file's score for a query (weights from `weights`). */
  explain(weights: Float32Array, fileIndex: number, limit?: number): BridgeFactor[];
  /** scoring.ts matchStrength over this library's files (`fileIndices`: rows, e.g. the hits of `search`). */
  matchStrength(weights: Float32Array, fileIndices: readonly number[]): number;
  /** How close the query comes to any label text: a low value hints that no sound in the library can match. */
  labelMatch(queryEmbedding: Float32Array): { similarity: number; label: string };
}

/**
 * fileProbs: N x numClasses row-major (copied into the class-major layout; the caller may drop its copy), or an
 * already class-major matrix (kept by reference, no copy: at 100k files each layout is 211 MB of float32).
 */
export function createLibraryScorer(
  bank: LabelBank,
  fileProbs: Float32Array | ClassMajorProbs,
  settings: BridgeSettings = DEFAULT_BRIDGE_SETTINGS,
  /** The class-major matrix's column sums, when already taken (columns.ts takes them as it reads its cache). */
  columnSums: Float64Array | null = null,
): LibraryScorer {
  const numClasses = bank.audioset.length;
  let byClass: ClassMajorProbs;
  if (fileProbs instanceof Float32Array) {
    if (fileProbs.length % numClasses !== 0) throw new Error(`probability matrix is not N x ${numClasses}`);
    byClass = toClassMajor(fileProbs, numClasses);
  } else {
    if (fileProbs.numClasses !== numClasses) throw new Error(`probability matrix is not N x ${numClasses}`);
    byClass = fileProbs;
  }
  const fileCount = byClass.numFiles;
  const priors = columnSums
    ? priorsFromSums(columnSums, byClass.liveFiles, settings.priorFloor)
    : classMajorPriors(byClass, settings.priorFloor);
  const names = bank.audioset.map((c) => c.name);
  const labels: BridgeLabels = {
    dim: bank.dim,
    classEmbeddings: bank.audiosetEmbeddings,
    ucsEmbeddings: bank.ucsEmbeddings,
    ucsToClass:
      settings.ucsShare > 0
        ? sharedUcsToClassMap(bank.audiosetUcsSimilarity, numClasses, settings.temperature)
        : undefined,
  };

  // Search and explain ask for the same query's weights in turn: keep the last (by embedding identity).
  let last: { query: Float32Array; weights: Float32Array } | null = null;
  const weights = (q: Float32Array) => {
    if (last?.query !== q) last = { query: q, weights: queryClassWeights(q, labels, settings) };
    return last.weights;
  };

  return {
    fileCount,
    weights,
    search(queryEmbedding, limit) {
      const scores = bridgeScoresClassMajor(weights(queryEmbedding), byClass, priors, settings.massKept);
      return topK(scores, limit)
        .filter((i) => scores[i]! > 0)
        .map((index) => ({ index, score: scores[index]! }));
    },
    explain(w, fileIndex, limit = 3) {
      return explainBridge(w, fileRow(byClass, fileIndex), priors, names, limit);
    },
    matchStrength(w, fileIndices) {
      // Over the mass MIN_MATCH_STRENGTH was calibrated on, whatever the ranking's speed cut: a cut to fewer
      // classes would lower every file's strength and flag good matches (a few hundred candidates: cheap). The
      // UCS route spreads that mass over hundreds of classes, so a matrix held in part reads the candidates' rows.
      const { view, at } = rowsView(byClass, fileIndices);
      return matchStrength(w, view, at, Math.max(settings.massKept, STRENGTH_MASS));
    },
    labelMatch(queryEmbedding) {
      const sims = similarities(queryEmbedding, bank.audiosetEmbeddings, bank.dim);
      const best = topK(sims, 1)[0] ?? 0;
      return { similarity: sims[best] ?? 0, label: names[best] ?? '' };
    },
  };
}

/**
 * ucsToClassMap depends on the label bank and the temperature only, and a scorer is made anew after every change to
 * the library: made once per bank and temperature (~12 ms each time at 527 x 753).
 */
const ucsMaps = new WeakMap<Float32Array, Map<number, Float32Array>>();
function sharedUcsToClassMap(similarity: Float32Array, numClasses: number, temperature: number): Float32Array {
  let byTemperature = ucsMaps.get(similarity);
  if (!byTemperature) ucsMaps.set(similarity, (byTemperature = new Map()));
  let map = byTemperature.get(temperature);
  if (!map) byTemperature.set(temperature, (map = ucsToClassMap(similarity, numClasses, temperature)));
  return map;
}
