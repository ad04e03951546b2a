import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedMatrix, embedTextsCached, embeddingCacheKey } from '../../../src-main/ml/text/embedding-cache';
import type { SentenceEncoder } from '../../../src-main/ml/text/text-encoder';
import { useTempDirs } from '../../helpers/temp';

const DIM = 4;

/** A deterministic stand-in encoder: each text's vector is its length and char codes, counted per call. */
function fakeEncoder(id = 'fake@1', dim = DIM) {
  const calls: string[][] = [];
  const encoder: SentenceEncoder = {
    id,
    dim,
    async embed(texts) {
      calls.push(texts);
      return texts.map((text) =>
        Float32Array.from({ length: dim }, (_, i) => (text.charCodeAt(i) || 0) / 1000 + text.length),
      );
    },
    async embedWithLayers() {
      throw new Error('not used');
    },
  };
  return { encoder, calls };
}

describe('embedTextsCached', () => {
  const tempDir = useTempDirs();

  it('embeds on a miss, stores the matrix, and reads it back on a hit without loading the encoder', async () => {
    const cacheDir = join(tempDir(), 'cache');
    const { encoder, calls } = fakeEncoder();
    const texts = ['dog', 'rain on a roof'];
    const first = await embedTextsCached({
      texts,
      encoderId: 'fake@1',
      dim: DIM,
      getEncoder: async () => encoder,
      cacheDir,
      name: 'labels',
    });
    expect(first.fromCache).toBe(false);
    expect(calls).toEqual([texts]);
    expect(Array.from(first.matrix)).toEqual([
      ...(await encoder.embed(['dog']))[0]!,
      ...(await encoder.embed(['rain on a roof']))[0]!,
    ]);
    expect(first.file).toBe(join(cacheDir, `labels-${embeddingCacheKey('fake@1', texts)}.f32`));
    expect(readdirSync(cacheDir)).toEqual([`labels-${embeddingCacheKey('fake@1', texts)}.f32`]); // no temp file left

    let asked = false;
    const second = await embedTextsCached({
      texts,
      encoderId: 'fake@1',
      dim: DIM,
      getEncoder: async () => ((asked = true), encoder),
      cacheDir,
      name: 'labels',
    });
    expect(second).toEqual({ ...first, fromCache: true });
    expect(asked).toBe(false);
  });

  it('keys the cache by encoder and by every text, in order', () => {
    const key = embeddingCacheKey('fake@1', ['a', 'b']);
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(embeddingCacheKey('fake@1', ['a', 'b'])).toBe(key);
    expect(embeddingCacheKey('fake@2', ['a', 'b'])).not.toBe(key);
    expect(embeddingCacheKey('fake@1', ['b', 'a'])).not.toBe(key);
    expect(embeddingCacheKey('fake@1', ['ab'])).not.toBe(key);
  });

  it('recomputes a truncated cache file instead of trusting it', async () => {
    const cacheDir = tempDir();
    const { encoder, calls } = fakeEncoder();
    const options = {
      texts: ['dog'],
      encoderId: 'fake@1',
      dim: DIM,
      getEncoder: async () => encoder,
      cacheDir,
      name: 'labels',
    };
    const { file, matrix } = await embedTextsCached(options);
    writeFileSync(file, readFileSync(file).subarray(0, 8));
    const again = await embedTextsCached(options);
    expect(again.fromCache).toBe(false);
    expect(Array.from(again.matrix)).toEqual(Array.from(matrix));
    expect(calls).toHaveLength(2);
    expect(readFileSync(file).length).toBe(DIM * 4);
  });

  it('refuses an encoder other than the one the key names', async () => {
    const { encoder } = fakeEncoder('other@1');
    await expect(
      embedTextsCached({
        texts: ['dog'],
        encoderId: 'fake@1',
        dim: DIM,
        getEncoder: async () => encoder,
        cacheDir: tempDir(),
        name: 'labels',
      }),
    ).rejects.toThrow('encoder other@1/4 does not match the cache key fake@1/4');
  });
});

describe('cachedMatrix', () => {
  const tempDir = useTempDirs();

  it('computes once per key and reads the stored matrix afterwards', () => {
    const cacheDir = join(tempDir(), 'derived');
    let computed = 0;
    const compute = () => (computed++, Float32Array.from([1.5, -2, 3]));
    expect(Array.from(cachedMatrix(cacheDir, 'priors', 'v1', 3, compute))).toEqual([1.5, -2, 3]);
    expect(Array.from(cachedMatrix(cacheDir, 'priors', 'v1', 3, () => new Float32Array(3)))).toEqual([1.5, -2, 3]);
    expect(computed).toBe(1);
    expect(Array.from(cachedMatrix(cacheDir, 'priors', 'v2', 3, compute))).toEqual([1.5, -2, 3]);
    expect(computed).toBe(2);
    // A stored matrix of another length is not this one.
    expect(Array.from(cachedMatrix(cacheDir, 'priors', 'v1', 2, () => Float32Array.from([7, 8])))).toEqual([7, 8]);
  });
});
