import { describe, expect, it } from 'vitest';
import { similarityMatrix, softmax, topK, transpose } from '../../../src-main/ml/text/vector-math';

describe('vector math', () => {
  it('topK returns the k largest indices in order, matching a full sort', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
    const expected = Array.from(values.keys())
      .sort((a, b) => values[b]! - values[a]!)
      .slice(0, 25);
    expect(topK(values, 25)).toEqual(expected);
    expect(topK([3, 1, 2], 10)).toEqual([0, 2, 1]);
    expect(topK([1, 5, 5, 0], 2)).toEqual([1, 2]);
    expect(topK([1, 2], 0)).toEqual([]);
  });

  it('softmax is stable for large inputs and sums to one', () => {
    const s = softmax(Float32Array.from([1000, 1000, 0]), 1);
    expect(s[0]).toBeCloseTo(0.5, 6);
    expect(s[2]).toBeCloseTo(0, 6);
  });

  it('similarityMatrix and transpose agree with hand values', () => {
    const a = Float32Array.from([1, 0, 0, 1]);
    const b = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(similarityMatrix(a, b, 2))).toEqual([1, 3, 5, 2, 4, 6]);
    expect(Array.from(transpose(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });
});

describe('topK at scale', () => {
  it('matches a full sort on many values with ties and NaN', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const values = Array.from({ length: 20_000 }, (_, i) => (i % 97 === 0 ? NaN : Math.round(next() * 500) / 500));
    const key = (v: number) => (Number.isNaN(v) ? -Infinity : v);
    const sorted = values.map((_, i) => i).sort((a, b) => key(values[b]!) - key(values[a]!) || a - b);
    for (const k of [1, 10, 1000, 19_999, 20_000]) expect(topK(values, k)).toEqual(sorted.slice(0, k));
    expect(topK(new Float32Array([0, 0, 0]), 2)).toEqual([0, 1]);
  });

  // Past 65,536 values topK keeps what passes a line drawn from a sample before it selects: the answer must not move.
  it("gives a full sort's answer over a million scores, a wide tie, a skewed tail and NaN", () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const key = (v: number) => (Number.isNaN(v) ? -Infinity : v);
    const check = (values: Float32Array, ks: number[]) => {
      const order = Array.from(values.keys()).sort((a, b) => key(values[b]!) - key(values[a]!) || a - b);
      for (const k of ks) expect(topK(values, k)).toEqual(order.slice(0, k));
    };
    const n = 1_000_000;
    // Coarse values: many ties at the k-th score.
    check(
      Float32Array.from({ length: n }, (_, i) => (i % 1009 === 0 ? NaN : Math.round(next() ** 6 * 2000) / 2000)),
      [1, 50, 1000, 20_000],
    );
    // Most scores zero (a wide tie the sample cannot cut), a few hits.
    check(
      Float32Array.from({ length: n }, () => (next() < 0.0005 ? next() : 0)),
      [10, 1000],
    );
    // The best scores all at the end, where the sample is thin.
    check(
      Float32Array.from({ length: n }, (_, i) => (i > n - 3000 ? 1 + next() : next() * 0.5)),
      [1000, 2999],
    );
  }, 60_000);
});
