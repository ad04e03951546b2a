import { describe, expect, it } from 'vitest';
import { MonoMixer, toMono } from '../../src-main/audio/mono';

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

describe('MonoMixer', () => {
  const channels = (count: number, length: number) =>
    Array.from({ length: count }, (_, c) => Float32Array.from({ length }, (_, i) => Math.sin(i * 0.37 + c) * 0.9));

  it('mixes like toMono, for any channel count', () => {
    const mixer = new MonoMixer();
    for (const count of [1, 2, 3, 6]) {
      const input = channels(count, 777);
      expect(Array.from(mixer.mix(input)), `${count} channels`).toEqual(Array.from(toMono(input)));
    }
  });

  it('applies a gain, also to a single channel', () => {
    const mixer = new MonoMixer();
    const only = channels(1, 10)[0]!;
    expect(mixer.mix([only], 0.5)[3]).toBeCloseTo(only[3]! * 0.5, 7);
    expect(mixer.mix(channels(2, 10), 2)[3]).toBeCloseTo(2 * toMono(channels(2, 10))[3]!, 6);
  });

  it('reuses its memory: a shorter block after a longer one has the shorter length and fresh values', () => {
    const mixer = new MonoMixer();
    const long = mixer.mix(channels(2, 1000));
    const short = mixer.mix([new Float32Array(10).fill(0.25), new Float32Array(10).fill(0.75)]);
    expect(short).toHaveLength(10);
    expect(short.buffer).toBe(long.buffer);
    expect(Array.from(short)).toEqual(new Array(10).fill(0.5));
  });
});
