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
 * Indices of the k largest values, largest first. One pass keeping a sorted buffer of k: O(n) for small k, which
 * matters when ranking 100k file scores per query (a full sort costs tens of milliseconds there).
 */
export function topK(values: ArrayLike<number>, k: number): number[] {
  const n = values.length;
  k = Math.max(0, Math.min(k, n));
  if (k === 0) return [];
  const idx: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (idx.length === k && !(v > values[idx[k - 1]!]!)) continue;
    // Insert keeping idx sorted by value, descending; ties keep the earlier index first.
    let pos = idx.length === k ? k - 1 : idx.length;
    while (pos > 0 && values[idx[pos - 1]!]! < v) pos--;
    if (idx.length === k) idx.pop();
    idx.splice(pos, 0, i);
  }
  return idx;
}
