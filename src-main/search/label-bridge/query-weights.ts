// The query side of the label bridge: a query embedding becomes a weight per AudioSet class,
//
//   w = softmax(cos(query, label_c) / temperature)         sharp: a query names one or a few classes
//
// and optionally part of that weight goes through UCS: query -> UCS categories -> the AudioSet classes whose texts
// resemble them.

import { rowSoftmax, similarities, softmax } from '../../ml/text/vector-math';
import { DEFAULT_BRIDGE_SETTINGS, type BridgeSettings } from './settings';

/** The label side of the bridge: embeddings in tagger output order, plus the optional UCS route. */
export interface BridgeLabels {
  dim: number;
  /** numClasses x dim, unit rows. */
  classEmbeddings: Float32Array;
  /** numUcs x dim, unit rows (only needed when ucsShare > 0). */
  ucsEmbeddings?: Float32Array;
  /** numUcs x numClasses, each row a distribution over classes (see ucsToClassMap). */
  ucsToClass?: Float32Array;
}

/** Per-class query weights (sum 1). */
export function queryClassWeights(
  queryEmbedding: Float32Array,
  labels: BridgeLabels,
  settings: BridgeSettings = DEFAULT_BRIDGE_SETTINGS,
): Float32Array {
  const direct = softmax(similarities(queryEmbedding, labels.classEmbeddings, labels.dim), settings.temperature);
  if (!(settings.ucsShare > 0) || !labels.ucsEmbeddings || !labels.ucsToClass) return direct;
  const numClasses = direct.length;
  const ucsWeights = softmax(similarities(queryEmbedding, labels.ucsEmbeddings, labels.dim), settings.ucsTemperature);
  const routed = new Float32Array(numClasses);
  for (let u = 0; u < ucsWeights.length; u++) {
    const wu = ucsWeights[u]!;
    if (wu < 1e-6) continue;
    const row = u * numClasses;
    for (let c = 0; c < numClasses; c++) routed[c]! += wu * labels.ucsToClass[row + c]!;
  }
  const share = settings.ucsShare;
  for (let c = 0; c < numClasses; c++) direct[c] = (1 - share) * direct[c]! + share * routed[c]!;
  return direct;
}

/**
 * How each UCS entry spreads over AudioSet classes, from the texts alone: softmax over classes of the
 * UCS-class cosine. classUcsSimilarity is numClasses x numUcs (LabelBank.audiosetUcsSimilarity).
 */
export function ucsToClassMap(classUcsSimilarity: Float32Array, numClasses: number, temperature = 0.02): Float32Array {
  const numUcs = classUcsSimilarity.length / numClasses;
  const transposed = new Float32Array(classUcsSimilarity.length);
  for (let c = 0; c < numClasses; c++)
    for (let u = 0; u < numUcs; u++) transposed[u * numClasses + c] = classUcsSimilarity[c * numUcs + u]!;
  return rowSoftmax(transposed, numClasses, temperature);
}

/** Indices of the largest weights until `mass` of the total is covered (all when mass >= 1). */
export function strongestClasses(weights: Float32Array, mass: number): number[] {
  const order = Array.from({ length: weights.length }, (_, i) => i).sort((a, b) => weights[b]! - weights[a]!);
  if (mass >= 1) return order;
  let total = 0;
  for (const w of weights) total += w;
  const kept: number[] = [];
  let covered = 0;
  for (const c of order) {
    if (covered >= mass * total) break;
    kept.push(c);
    covered += weights[c]!;
  }
  return kept;
}
