// Embedding a fixed list of texts costs tens of seconds on a CPU; the result never changes for the same texts and
// encoder, so it is stored once as raw float32 in a file named by a hash of both, and read back in milliseconds.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SentenceEncoder } from './text-encoder';

export interface CachedEmbeddings {
  /** texts.length x dim, row-major, rows L2-normalised. */
  matrix: Float32Array;
  dim: number;
  /** True when read from disk, false when just computed. */
  fromCache: boolean;
  file: string;
}

export interface EmbedCachedOptions {
  texts: string[];
  encoderId: string;
  dim: number;
  /** Only called on a cache miss, so the encoder is not even loaded when the cache is warm. */
  getEncoder: () => Promise<SentenceEncoder>;
  cacheDir: string;
  /** Distinguishes caches in file names (e.g. "audioset"); the hash alone decides validity. */
  name: string;
}

export function embeddingCacheKey(encoderId: string, texts: string[]): string {
  const hash = createHash('sha256');
  hash.update(encoderId);
  for (const t of texts) hash.update('\u0000' + t);
  return hash.digest('hex').slice(0, 16);
}

export async function embedTextsCached(options: EmbedCachedOptions): Promise<CachedEmbeddings> {
  const { texts, encoderId, dim, cacheDir, name } = options;
  const file = path.join(cacheDir, `${name}-${embeddingCacheKey(encoderId, texts)}.f32`);
  const expectedBytes = texts.length * dim * 4;
  try {
    const bytes = readFileSync(file);
    // A truncated or foreign file is recomputed rather than trusted.
    if (bytes.byteLength === expectedBytes) {
      const matrix = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      return { matrix, dim, fromCache: true, file };
    }
  } catch {
    // missing: compute below
  }
  const encoder = await options.getEncoder();
  if (encoder.id !== encoderId || encoder.dim !== dim) {
    throw new Error(`encoder ${encoder.id}/${encoder.dim} does not match the cache key ${encoderId}/${dim}`);
  }
  const vectors = await encoder.embed(texts);
  const matrix = new Float32Array(texts.length * dim);
  vectors.forEach((v, i) => matrix.set(v, i * dim));
  mkdirSync(cacheDir, { recursive: true });
  // Write then rename, so a crash never leaves a half-written file under the final name.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength));
  renameSync(tmp, file);
  return { matrix, dim, fromCache: false, file };
}

/**
 * A float32 matrix derived from cached embeddings, kept beside them: computed once, read back in milliseconds.
 * `key` must change whenever the inputs or the computation change.
 */
export function cachedMatrix(
  cacheDir: string,
  name: string,
  key: string,
  length: number,
  compute: () => Float32Array,
): Float32Array {
  const file = path.join(cacheDir, `${name}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.f32`);
  try {
    const bytes = readFileSync(file);
    if (bytes.byteLength === length * 4)
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  } catch {
    // missing: compute below
  }
  const matrix = compute();
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength));
  renameSync(tmp, file);
  return matrix;
}
