import { describe, expect, it } from 'vitest';
import { checkRegion, MAX_REGION_SECONDS, regionFileName } from '../../src-main/app/region-export';

describe('region export', () => {
  it('names the file after the sound and the stretch, without characters a file system refuses', () => {
    expect(regionFileName('/lib/Door Slam.flac', 0.25, 1.5)).toBe('Door Slam 0.250-1.500.wav');
    expect(regionFileName('/lib/a:b*c?\u0007.wav', 0, 2)).toBe('a_b_c__ 0.000-2.000.wav');
  });

  it('refuses empty, backwards, negative, non-numeric and over-long stretches', () => {
    expect(() => checkRegion(0, 1)).not.toThrow();
    for (const [start, end] of [
      [1, 1],
      [2, 1],
      [-1, 1],
      [Number.NaN, 1],
      [0, Number.POSITIVE_INFINITY],
      [0, MAX_REGION_SECONDS + 1],
    ] as const)
      expect(() => checkRegion(start, end), `${start}..${end}`).toThrow(/region/i);
  });
});
