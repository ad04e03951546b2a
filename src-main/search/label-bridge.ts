// Zero-shot neural search through labels ("label bridge"): the query text is compared with the texts of the
// tagger's 527 AudioSet classes, giving a weight per class; a file scores by how strongly the tagger heard the
// weighted classes in it. No training of ours: the text encoder and the audio tagger meet only in label space.
//
//   w        = softmax(cos(query, label_c) / temperature)         sharp: a query names one or a few classes
//   score_f  = sum_c w_c * p_fc / prior_c                          prior_c = mean p_c over the library
//
// Dividing by the prior damps classes the tagger reports for almost everything (Speech, Music), which would
// otherwise rank the same files first for any query touching them. Optionally part of the query weight goes
// through UCS: query -> UCS categories -> the AudioSet classes whose texts resemble them.

import { rowSoftmax, similarities, softmax, topK } from '../ml/text/vector-math';

export interface BridgeSettings {
  /** Softmax temperature over query-label cosines; measured best around 0.02 (0.01 and 0.05 close). */
  temperature: number;
  /** Priors below this are raised to it: a class heard almost nowhere must not turn noise into a top hit. */
  priorFloor: number;
  /** Share of the query weight routed through UCS (0 = AudioSet texts only). */
  ucsShare: number;
  /** Softmax temperature of the query over UCS entries. */
  ucsTemperature: number;
  /** Weights are cut to the smallest set of classes holding this share of the mass (speed; exact at 1). */
  massKept: number;
}

// Chosen on the dev set (eval/, names-stripped library, 168 queries, neural only, mAP@10): T 0.02 best of
// 0.01/0.02/0.05/0.1 (0.105/0.114/0.108/0.072); prior floor 0.01 (1e-4: 0.107, 1e-3: 0.114, 0.01: 0.117);
// UCS route 0.5 at T 0.02 on top: 0.140 (0.25: 0.140, 1.0 alone: 0.120). Neighbouring settings score within
// 0.003, so these sit on a plateau rather than a dev-set peak. massKept 0.95 scores as exactly as 0.999 (0.141 vs
// 0.140) but keeps far fewer classes, since the UCS route spreads a thin tail of weight over hundreds of classes.
export const DEFAULT_BRIDGE_SETTINGS: BridgeSettings = {
  temperature: 0.02,
  priorFloor: 0.01,
  ucsShare: 0.5,
  ucsTemperature: 0.02,
  massKept: 0.95,
};

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
    for (let c = 0; c < numClasses; c++) routed[c] += wu * labels.ucsToClass[row + c]!;
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

/** Mean probability of each class over the library, floored. fileProbs is N x numClasses, row-major. */
export function libraryPriors(fileProbs: Float32Array, numClasses: number, floor = DEFAULT_BRIDGE_SETTINGS.priorFloor): Float32Array {
  const n = fileProbs.length / numClasses;
  const sums = new Float64Array(numClasses);
  for (let f = 0; f < n; f++) {
    const row = f * numClasses;
    for (let c = 0; c < numClasses; c++) sums[c] += fileProbs[row + c]!;
  }
  const priors = new Float32Array(numClasses);
  for (let c = 0; c < numClasses; c++) priors[c] = Math.max(floor, n > 0 ? sums[c]! / n : 0);
  return priors;
}

/**
 * Score every file: sum_c w_c * p_fc / prior_c over the classes that carry the weight. With a sharp softmax a
 * query keeps a handful of classes, so this is a sparse product over the N x numClasses matrix.
 */
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

/**
 * The same probabilities stored class by class (numClasses x N): a query reads only the columns of the classes
 * it weights, each one contiguous, instead of touching every file's row. At 100k files this is what keeps a
 * query in milliseconds (row-major reads scatter over 200 MB).
 */
export interface ClassMajorProbs {
  /** Rows in use; a row of a file that left the library stays, all zeros, until the matrix is built anew. */
  numFiles: number;
  /** Rows that hold a file: the priors' denominator. */
  liveFiles: number;
  numClasses: number;
  /** Row capacity of each class's run (>= numFiles), so files can be appended without moving everything. */
  stride: number;
  /** data[c * stride + f] = p_fc */
  data: Float32Array;
}

export function toClassMajor(fileProbs: Float32Array, numClasses: number, capacity = fileProbs.length / numClasses): ClassMajorProbs {
  const numFiles = fileProbs.length / numClasses;
  const stride = Math.max(capacity, numFiles);
  const data = new Float32Array(stride * numClasses);
  for (let f = 0; f < numFiles; f++) {
    const row = f * numClasses;
    for (let c = 0; c < numClasses; c++) data[c * stride + f] = fileProbs[row + c]!;
  }
  return { numFiles, liveFiles: numFiles, numClasses, stride, data };
}

/** libraryPriors on class-major probabilities. */
export function classMajorPriors(probs: ClassMajorProbs, floor = DEFAULT_BRIDGE_SETTINGS.priorFloor): Float32Array {
  const { numFiles: n, liveFiles, numClasses, stride, data } = probs;
  const priors = new Float32Array(numClasses);
  for (let c = 0; c < numClasses; c++) {
    let sum = 0;
    for (let f = 0; f < n; f++) sum += data[c * stride + f]!;
    priors[c] = Math.max(floor, liveFiles > 0 ? sum / liveFiles : 0);
  }
  return priors;
}

/** One file's probabilities out of the class-major layout. */
export function fileRow(probs: ClassMajorProbs, fileIndex: number): Float32Array {
  const row = new Float32Array(probs.numClasses);
  for (let c = 0; c < probs.numClasses; c++) row[c] = probs.data[c * probs.stride + fileIndex]!;
  return row;
}

/** bridgeScoresFromWeights on class-major probabilities: identical scores, column at a time. */
export function bridgeScoresClassMajor(
  weights: Float32Array,
  probs: ClassMajorProbs,
  priors: Float32Array,
  massKept = DEFAULT_BRIDGE_SETTINGS.massKept,
): Float32Array {
  const n = probs.numFiles;
  const scores = new Float32Array(n);
  for (const c of strongestClasses(weights, massKept)) {
    const coef = weights[c]! / priors[c]!;
    const column = probs.data.subarray(c * probs.stride, c * probs.stride + n);
    for (let f = 0; f < n; f++) scores[f] += coef * column[f]!;
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
