// Small dense helpers on row-major Float32Array matrices. Plain loops: these run once per query or once per
// install on matrices of at most a few thousand rows.

/** a (rowsA x dim) times b (rowsB x dim) transposed -> rowsA x rowsB dot products (cosines for unit rows). */
export function similarityMatrix(a: Float32Array, b: Float32Array, dim: number): Float32Array {
  const rowsA = a.length / dim;
  const rowsB = b.length / dim;
  const out = new Float32Array(rowsA * rowsB);
  for (let i = 0; i < rowsA; i++) {
    const ai = i * dim;
    for (let j = 0; j < rowsB; j++) {
      const bj = j * dim;
      let s = 0;
      for (let k = 0; k < dim; k++) s += a[ai + k]! * b[bj + k]!;
      out[i * rowsB + j] = s;
    }
  }
  return out;
}

/** One vector against every row of a matrix. */
export function similarities(query: Float32Array, matrix: Float32Array, dim: number): Float32Array {
  return similarityMatrix(query, matrix, dim);
}

/** softmax(x / temperature), computed stably. */
export function softmax(values: Float32Array, temperature: number): Float32Array {
  const out = new Float32Array(values.length);
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const e = Math.exp((values[i]! - max) / temperature);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** Softmax over each row of a rows x cols matrix. */
export function rowSoftmax(matrix: Float32Array, cols: number, temperature: number): Float32Array {
  const out = new Float32Array(matrix.length);
  for (let r = 0; r < matrix.length / cols; r++) {
    out.set(softmax(matrix.subarray(r * cols, (r + 1) * cols), temperature), r * cols);
  }
  return out;
}

/** The transpose of a rows x cols matrix. */
export function transpose(matrix: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(matrix.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = matrix[r * cols + c]!;
  return out;
}

/**
 * Indices of the k largest values, largest first; ties keep the earlier index first; NaN counts as the smallest.
 * The k-th largest value is found by selection on a copy (O(n)), then only the k winners are sorted: ranking 1,000
 * of 100k file scores per query took ~15 ms with a sorted insertion buffer, ~1 ms this way. Over many values, the
 * selection first keeps those at or above a line drawn from a sample (aboveSampledLine): the same answer from a few
 * thousand values instead of copies of all of them (1,000 of 1M file scores: 10-28 ms -> a few).
 */
export function topK(values: ArrayLike<number>, k: number): number[] {
  const n = values.length;
  k = Math.max(0, Math.min(k, n));
  if (k === 0) return [];
  if (n >= SAMPLED_FROM && k * 8 <= n) {
    const kept = aboveSampledLine(values, k);
    if (kept) return topKAmong(values, kept, k);
  }
  return topKAmong(values, null, k);
}

/** From this many values on, topK looks at a sample first. */
const SAMPLED_FROM = 65_536;
const SAMPLE = 4096;

/**
 * The indices (in order) of every value at or above a line that at least k values reach: the line is a high rank
 * of an evenly spaced sample, set so that about twice k values pass. Every value of the true top k is at or above
 * the k-th largest, which is at or above the line, so the top k among these is the top k of all, ties included.
 * Null when too few pass (an unlucky sample) or too many (a wide tie, as of zeros): then topK looks at every value.
 */
function aboveSampledLine(values: ArrayLike<number>, k: number): Int32Array | null {
  const n = values.length;
  const sample = new Float64Array(SAMPLE);
  for (let i = 0; i < SAMPLE; i++) {
    const v = values[Math.floor((i * n) / SAMPLE)]!;
    sample[i] = v === v ? v : -Infinity;
  }
  sample.sort().reverse();
  const rank = Math.min(SAMPLE - 1, Math.ceil(((2 * k) / n) * SAMPLE) + 16);
  const line = sample[rank]!;
  if (line === -Infinity) return null;
  const most = n >>> 3;
  const kept = new Int32Array(most);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (values[i]! >= line) {
      if (count === most) return null;
      kept[count++] = i;
    }
  }
  return count >= k ? kept.subarray(0, count) : null;
}

/** topK over the values at `indices` (ascending), or over all of them when null. */
function topKAmong(values: ArrayLike<number>, indices: Int32Array | null, k: number): number[] {
  const m = indices ? indices.length : values.length;
  const at = (j: number) => (indices ? indices[j]! : j);
  const vals = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const v = values[at(j)]!;
    vals[j] = v === v ? v : -Infinity;
  }
  const kth = kthLargest(vals.slice(), k);
  const winners: number[] = [];
  for (let j = 0; j < m && winners.length < k; j++) if (vals[j]! > kth) winners.push(j);
  for (let j = 0; j < m && winners.length < k; j++) if (vals[j] === kth) winners.push(j);
  return winners.sort((a, b) => vals[b]! - vals[a]! || a - b).map(at);
}

/** The k-th largest value (k >= 1) of `a`, which is reordered (quickselect, Hoare partition). */
function kthLargest(a: Float64Array, k: number): number {
  const target = k - 1; // position in descending order
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target]!;
  }
  return a[target]!;
}
