// The label bridge's math on row-major probabilities (N x numClasses, one file's classes together): the plain
// reading of the formulas in src-main/search/label-bridge/. The app scores class-major (label-bridge/class-major.ts);
// this is the reference that path is checked against (test/search/label-bridge/), and what eval/harness.ts and
// eval/bench-bridge.ts run on the probabilities they cache row by row.

import { DEFAULT_BRIDGE_SETTINGS, type BridgeSettings } from '../src-main/search/label-bridge/settings';
import { queryClassWeights, strongestClasses, type BridgeLabels } from '../src-main/search/label-bridge/query-weights';

/** Mean probability of each class over the library, floored. fileProbs is N x numClasses, row-major. */
export function libraryPriors(
  fileProbs: Float32Array,
  numClasses: number,
  floor = DEFAULT_BRIDGE_SETTINGS.priorFloor,
): Float32Array {
  const n = fileProbs.length / numClasses;
  const sums = new Float64Array(numClasses);
  for (let f = 0; f < n; f++) {
    const row = f * numClasses;
    for (let c = 0; c < numClasses; c++) sums[c]! += fileProbs[row + c]!;
  }
  const priors = new Float32Array(numClasses);
  for (let c = 0; c < numClasses; c++) priors[c] = Math.max(floor, n > 0 ? sums[c]! / n : 0);
  return priors;
}

/** Score every file: sum_c w_c * p_fc / prior_c over the classes that carry the weight, a row at a time. */
export function bridgeScoresFromWeights(
  weights: Float32Array,
  fileProbs: Float32Array,
  priors: Float32Array,
  massKept = DEFAULT_BRIDGE_SETTINGS.massKept,
): Float32Array {
  const numClasses = weights.length;
  const kept = strongestClasses(weights, massKept);
  const cls = Int32Array.from(kept);
  const coef = Float32Array.from(kept, (c) => weights[c]! / priors[c]!);
  const n = fileProbs.length / numClasses;
  const scores = new Float32Array(n);
  const k = cls.length;
  for (let f = 0; f < n; f++) {
    const row = f * numClasses;
    let s = 0;
    for (let j = 0; j < k; j++) s += coef[j]! * fileProbs[row + cls[j]!]!;
    scores[f] = s;
  }
  return scores;
}

/** The whole bridge in one call: query embedding in, one score per file out. */
export function bridgeScores(
  queryEmbedding: Float32Array,
  labels: BridgeLabels,
  fileProbs: Float32Array,
  priors: Float32Array,
  settings: BridgeSettings = DEFAULT_BRIDGE_SETTINGS,
): Float32Array {
  const weights = queryClassWeights(queryEmbedding, labels, settings);
  return bridgeScoresFromWeights(weights, fileProbs, priors, settings.massKept);
}
