// How the label bridge scores a file for a query, and which classes made that score:
//
//   score_f = sum_c w_c * p_fc / prior_c          w: the query's class weights, p: the tagger's probabilities,
//                                                 prior_c = mean p_c over the library
//
// Dividing by the prior damps classes the tagger reports for almost everything (Speech, Music), which would
// otherwise rank the same files first for any query touching them.

import { topK } from '../../ml/text/vector-math';
import { requireColumns, type ClassMajorProbs, type ProbabilityView } from './class-major';
import { strongestClasses } from './query-weights';
import { DEFAULT_BRIDGE_SETTINGS } from './settings';

/**
 * Every file's score, a column at a time over the classes that carry the weight: with a sharp softmax a query
 * keeps a handful of classes, so this is a sparse product over the class-major matrix.
 */
export function bridgeScoresClassMajor(
  weights: Float32Array,
  probs: ClassMajorProbs,
  priors: Float32Array,
  massKept = DEFAULT_BRIDGE_SETTINGS.massKept,
): Float32Array {
  const n = probs.numFiles;
  const scores = new Float32Array(n);
  const classes = strongestClasses(weights, massKept);
  requireColumns(probs, classes);
  for (const c of classes) {
    const coef = weights[c]! / priors[c]!;
    const column = probs.data.subarray(c * probs.stride, c * probs.stride + n);
    for (let f = 0; f < n; f++) scores[f]! += coef * column[f]!;
  }
  return scores;
}

/**
 * How strongly the best of `files` was heard doing what the query asks: max over files of sum_c w_c p_fc over the
 * query's strongest classes (probabilities, not prior-normalised). Low when the query names sounds the library does
 * not contain: the "no good match" signal of both models (the heads pass their own class weights).
 */
export function matchStrength(
  weights: Float32Array,
  probs: ProbabilityView,
  files: Iterable<number>,
  massKept = DEFAULT_BRIDGE_SETTINGS.massKept,
): number {
  const classes = strongestClasses(weights, massKept);
  const { data, fileStep, classStep } = probs;
  let best = 0;
  for (const f of files) {
    let sum = 0;
    for (const c of classes) sum += weights[c]! * data[f * fileStep + c * classStep]!;
    if (sum > best) best = sum;
  }
  return best;
}

export interface BridgeFactor {
  classIndex: number;
  label: string;
  /** The query's weight on this class (softmax share). */
  weight: number;
  /** The tagger's probability for this class in the file. */
  probability: number;
  /** w * p / prior: this class's part of the file's score. */
  contribution: number;
  /** contribution / the file's score. */
  share: number;
}

/** The classes that made one file's score, largest part first (for the result's explanation). */
export function explainBridge(
  weights: Float32Array,
  fileRow: Float32Array,
  priors: Float32Array,
  classNames: readonly string[],
  limit = 3,
): BridgeFactor[] {
  // Runs for every shown hit: contributions in a flat array, objects only for the few classes reported.
  const contributions = new Float64Array(weights.length);
  let total = 0;
  for (let c = 0; c < weights.length; c++) {
    const contribution = (weights[c]! * fileRow[c]!) / priors[c]!;
    contributions[c] = contribution;
    total += contribution;
  }
  return topK(contributions, limit)
    .filter((c) => contributions[c]! > 0)
    .map((c) => ({
      classIndex: c,
      label: classNames[c] ?? String(c),
      weight: weights[c]!,
      probability: fileRow[c]!,
      contribution: contributions[c]!,
      share: total > 0 ? contributions[c]! / total : 0,
    }));
}
