import { describe, expect, it } from 'vitest';
import { storedCodes, unpackCodes } from '../../../src-main/ml/heads/codes';

const file = (seed: number) => ({
  ea: Float32Array.from({ length: 512 }, (_, i) => seed + i / 512),
  za: Float32Array.from({ length: 6 * 256 }, (_, i) => -seed - i),
  probs: Float32Array.from({ length: 527 }, (_, i) => (seed * 527 + i) / 10_000),
});

describe('heads codes as an analysis extension output', () => {
  it('stores the joint embedding as the vector and gives the scorer back every part, file after file', () => {
    const files = [file(1), file(2)];
    const stored = files.map(storedCodes);
    expect(Array.from(stored[0]!.vector)).toEqual(Array.from(files[0]!.ea));
    expect(stored[0]!.data.byteLength).toBe((6 * 256 + 527) * 4);
    const vectors = new Float32Array(2 * 512);
    stored.forEach((s, i) => vectors.set(s.vector, i * 512));
    // Bytes as SQLite hands them back: copies at an odd offset of a bigger buffer.
    const data = stored.map((s) => {
      const pool = new Uint8Array(s.data.byteLength + 3);
      pool.set(s.data, 3);
      return pool.subarray(3);
    });
    const audio = unpackCodes({ fileIds: [10, 20], vectors, data });
    expect(audio.count).toBe(2);
    expect(Array.from(audio.za)).toEqual([...files[0]!.za, ...files[1]!.za]);
    expect(Array.from(audio.probs)).toEqual([...files[0]!.probs, ...files[1]!.probs]);
    expect(audio.ea).toBe(vectors);
  });

  it('refuses codes of another layout', () => {
    expect(() => storedCodes({ ...file(1), za: new Float32Array(10) })).toThrow(RangeError);
    expect(() => unpackCodes({ fileIds: [1], vectors: new Float32Array(512), data: [new Uint8Array(12)] })).toThrow(
      /another layout/,
    );
  });
});
