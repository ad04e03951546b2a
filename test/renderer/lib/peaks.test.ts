import { describe, expect, it } from 'vitest';
import { peakColumns, peakLevel, toWaveSurferPeaks } from '../../../src-renderer/lib/peaks';

describe('peakColumns', () => {
  it('keeps the extremes of the pairs each column covers', () => {
    // Four (min, max) pairs into two columns.
    const data = [-0.1, 0.2, -0.9, 0.3, -0.2, 0.1, -0.3, 0.8];
    const columns = peakColumns(data, 2);
    expect(Array.from(columns.min)).toEqual([Math.fround(-0.9), Math.fround(-0.3)]);
    expect(Array.from(columns.max)).toEqual([Math.fround(0.3), Math.fround(0.8)]);
    expect(peakLevel(columns)).toBeCloseTo(0.9);
  });

  it('stretches a short sound over more columns than it has pairs', () => {
    const columns = peakColumns([-0.5, 0.5, -0.25, 0.25], 4);
    expect(Array.from(columns.max)).toEqual([0.5, 0.5, 0.25, 0.25]);
  });

  it('is empty without data', () => {
    expect(peakColumns([], 10)).toEqual({ min: new Float32Array(10), max: new Float32Array(10) });
  });
});

describe('toWaveSurferPeaks', () => {
  it('splits interleaved pairs into a top (max) and bottom (min) channel', () => {
    const [top, bottom] = toWaveSurferPeaks({ fileId: 1, duration: 1, rate: 2, data: [-0.5, 0.25, 0.1, -0.2] });
    expect(Array.from(top)).toEqual([0.25, Math.fround(0.1)]);
    expect(Array.from(bottom)).toEqual([-0.5, Math.fround(-0.2)]);
  });
});
