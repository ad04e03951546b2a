import { describe, expect, it } from 'vitest';
import { cosineAlphasCumprod, ddimSample, ddimTimes, softmax } from '../../../src-main/ml/heads/ddim';

describe('DiffATR sampler', () => {
  it('has a cosine schedule falling from ~1 to ~0', () => {
    const abar = cosineAlphasCumprod();
    expect(abar).toHaveLength(1000);
    expect(abar[0]).toBeGreaterThan(0.9999);
    expect(abar[999]).toBeLessThan(1e-4);
    for (let t = 1; t < 1000; t++) expect(abar[t]).toBeLessThanOrEqual(abar[t - 1]!);
  });

  it('visits the same timesteps as the Python sampler', () => {
    expect(ddimTimes(4)).toEqual([999, 749, 500, 250, 0]);
    expect(ddimTimes(1)).toEqual([999, 0]);
  });

  it('returns the network prediction of the last step; a network sure of x0 leaves x at x0 when t reaches 0', async () => {
    const calls: number[] = [];
    const sure = new Float32Array([20, 0, 0]);
    const logits = await ddimSample(
      async (_x, t) => {
        calls.push(t);
        return sure;
      },
      [0.3, -1, 2],
      4,
    );
    expect(calls).toEqual([999, 749, 500, 250]);
    expect(Array.from(logits)).toEqual([20, 0, 0]);
    expect(softmax(logits)[0]).toBeGreaterThan(0.99);
  });
});
