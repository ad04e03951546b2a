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
 * of 100k file scores per query took ~15 ms with a sorted insertion buffer, ~1 ms this way.
 */
export function topK(values: ArrayLike<number>, k: number): number[] {
  const n = values.length;
  k = Math.max(0, Math.min(k, n));
  if (k === 0) return [];
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    vals[i] = v === v ? v : -Infinity;
  }
  const kth = kthLargest(vals.slice(), k);
  const winners: number[] = [];
  for (let i = 0; i < n && winners.length < k; i++) if (vals[i]! > kth) winners.push(i);
  for (let i = 0; i < n && winners.length < k; i++) if (vals[i] === kth) winners.push(i);
  return winners.sort((a, b) => vals[b]! - vals[a]! || a - b);
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
