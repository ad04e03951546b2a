import { describe, expect, it } from 'vitest';
import { toMono } from '../../src-main/audio/mono';

describe('toMono', () => {
  it('averages the channels', () => {
    const left = new Float32Array([1, 0.5, -1, 0]);
    const right = new Float32Array([1, -0.5, 0, 0.25]);
    expect(Array.from(toMono([left, right]))).toEqual([1, 0, -0.5, 0.125]);
  });

  it('keeps full scale whatever the channel count', () => {
    const channels = Array.from({ length: 6 }, () => new Float32Array([0.75, -1]));
    expect(Array.from(toMono(channels))).toEqual([0.75, -1]);
  });

  it('returns a single channel as is, and nothing for no channels', () => {
    const only = new Float32Array([0.1, 0.2]);
    expect(toMono([only])).toBe(only);
    expect(toMono([])).toHaveLength(0);
  });

  it('uses the shortest length when channels differ', () => {
    expect(toMono([new Float32Array([1, 1, 1]), new Float32Array([1, 1])])).toHaveLength(2);
  });
});
