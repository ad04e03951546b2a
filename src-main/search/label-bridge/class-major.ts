// The layout the label bridge keeps a library's tag probabilities in: class by class (numClasses x N), so a query
// reads only the columns of the classes it weights, each one contiguous, instead of touching every file's row. At
// 100k files this is what keeps a query in milliseconds (row-major reads scatter over 200 MB).

import { DEFAULT_BRIDGE_SETTINGS } from './settings';

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
  /**
   * Present while some columns are not read yet (a matrix loaded from its cache, columns.ts): reads those of
   * `classes` that are missing. Whatever reads columns asks for them first (requireColumns).
   */
  require?: (classes: readonly number[]) => void;
  /**
   * Present with `require`: the probabilities of the files at these rows, every class, row-major, read apart (from
   * the database) rather than from columns that may not be read yet. For what reads a few files' every class.
   */
  readRows?: (rows: readonly number[]) => Float32Array;
}

/** Makes sure the columns of `classes` are in probs.data (a no-op for a matrix held whole). */
export function requireColumns(probs: ClassMajorProbs, classes: readonly number[]): void {
  probs.require?.(classes);
}

/** Every class, for what reads the whole matrix. */
export const allClasses = (probs: ClassMajorProbs) => Array.from({ length: probs.numClasses }, (_, c) => c);

/** Class-major copy of N x numClasses row-major probabilities, with room for `capacity` files. */
export function toClassMajor(
  fileProbs: Float32Array,
  numClasses: number,
  capacity = fileProbs.length / numClasses,
): ClassMajorProbs {
  const numFiles = fileProbs.length / numClasses;
  const stride = Math.max(capacity, numFiles);
  const data = new Float32Array(stride * numClasses);
  for (let f = 0; f < numFiles; f++) {
    const row = f * numClasses;
    for (let c = 0; c < numClasses; c++) data[c * stride + f] = fileProbs[row + c]!;
  }
  return { numFiles, liveFiles: numFiles, numClasses, stride, data };
}

/** Mean probability of each class over the library's files, floored: the bridge's prior_c. */
export function classMajorPriors(probs: ClassMajorProbs, floor = DEFAULT_BRIDGE_SETTINGS.priorFloor): Float32Array {
  requireColumns(probs, allClasses(probs));
  const sums = new Float64Array(probs.numClasses);
  for (let c = 0; c < probs.numClasses; c++) sums[c] = columnSum(probs.data, c * probs.stride, probs.numFiles);
  return priorsFromSums(sums, probs.liveFiles, floor);
}

/** The sum of one class's column (`rows` values from `start`): what its prior is made of. */
export function columnSum(data: Float32Array, start: number, rows: number): number {
  let sum = 0;
  for (let f = 0; f < rows; f++) sum += data[start + f]!;
  return sum;
}

/** classMajorPriors from the columns' sums (columnSum), for a matrix whose sums were taken as it was read. */
export function priorsFromSums(
  sums: Float64Array,
  liveFiles: number,
  floor = DEFAULT_BRIDGE_SETTINGS.priorFloor,
): Float32Array {
  const priors = new Float32Array(sums.length);
  for (let c = 0; c < sums.length; c++) priors[c] = Math.max(floor, liveFiles > 0 ? sums[c]! / liveFiles : 0);
  return priors;
}

/**
 * Where p_fc sits in a flat probability matrix of either layout: data[f * fileStep + c * classStep]. For what reads
 * a few classes of a few files (matchStrength), where the bridge holds class-major columns and the heads' shortlist
 * comes row-major: one reader for both, without copying either.
 */
export interface ProbabilityView {
  data: Float32Array;
  fileStep: number;
  classStep: number;
}

export function classMajorView(probs: ClassMajorProbs): ProbabilityView {
  return { data: probs.data, fileStep: 1, classStep: probs.stride };
}

/** rows: N x numClasses, one file's classes together. */
export function rowMajorView(rows: Float32Array, numClasses: number): ProbabilityView {
  return { data: rows, fileStep: numClasses, classStep: 1 };
}

/**
 * A view of the files at `rows` for reading all their classes, and where each of them sits in it: the matrix
 * itself, or, while it is held in part, those files' rows read apart.
 */
export function rowsView(probs: ClassMajorProbs, rows: readonly number[]): { view: ProbabilityView; at: number[] } {
  if (!probs.readRows) return { view: classMajorView(probs), at: [...rows] };
  return { view: rowMajorView(probs.readRows(rows), probs.numClasses), at: rows.map((_, i) => i) };
}

/** One file's probabilities out of the class-major layout. */
export function fileRow(probs: ClassMajorProbs, fileIndex: number): Float32Array {
  if (probs.readRows) return probs.readRows([fileIndex]);
  const row = new Float32Array(probs.numClasses);
  for (let c = 0; c < probs.numClasses; c++) row[c] = probs.data[c * probs.stride + fileIndex]!;
  return row;
}
