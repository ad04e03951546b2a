import { describe, expect, it } from 'vitest';
import { computePeaks, decodePeaks, encodePeaks } from '../../src-main/audio/peaks';

describe('computePeaks', () => {
  it('gives min and max of each 1/100 s slice', () => {
    const rate = 1000;
    const samples = new Float32Array(rate); // 1 s: slice i holds values i/100 and -i/200
    for (let i = 0; i < 100; i++) {
      samples[i * 10 + 3] = i / 100;
      samples[i * 10 + 7] = -i / 200;
    }
    const peaks = computePeaks(samples, rate);
    expect(peaks.rate).toBe(100);
    expect(peaks.data).toHaveLength(200);
    for (let i = 0; i < 100; i++) {
      expect(peaks.data[2 * i]).toBeCloseTo(-i / 200, 6);
      expect(peaks.data[2 * i + 1]).toBeCloseTo(i / 100, 6);
    }
  });

  it('lowers the rate for long files so there are at most maxPeaks pairs', () => {
    const sampleRate = 8000;
    const samples = new Float32Array(sampleRate * 200); // 200 s: 100/s would be 20000 pairs
    samples[samples.length - 1] = 0.9;
    const peaks = computePeaks(samples, sampleRate, 100, 8000);
    expect(peaks.data.length / 2).toBe(8000);
    expect(peaks.rate).toBeCloseTo(40, 6);
    expect(peaks.data[peaks.data.length - 1]).toBeCloseTo(0.9, 6); // the very end is covered
  });

  it('covers a partial last slice and handles empty input', () => {
    expect(computePeaks(new Float32Array(1050), 1000).data).toHaveLength(2 * 105);
    expect(computePeaks(new Float32Array(0), 1000).data).toHaveLength(0);
  });
});

describe('encodePeaks / decodePeaks', () => {
  it('round-trips within one step of 1/127, rate included', () => {
    const data = new Float32Array([-1, 1, -0.5, 0.25, 0, 0, -0.001, 0.001]);
    const blob = encodePeaks({ rate: 37.5, data });
    expect(blob.length).toBe(5 + data.length);
    const back = decodePeaks(blob);
    expect(back.rate).toBe(37.5);
    for (let i = 0; i < data.length; i++) expect(Math.abs(back.data[i]! - data[i]!)).toBeLessThanOrEqual(1 / 127);
  });

  it('never shrinks a range: quiet signals still draw a line', () => {
    const back = decodePeaks(encodePeaks({ rate: 100, data: new Float32Array([-0.001, 0.001]) }));
    expect(back.data[0]).toBeLessThan(0);
    expect(back.data[1]).toBeGreaterThan(0);
  });

  it('survives a copy through a Buffer at an odd offset (as SQLite hands it back)', () => {
    const blob = encodePeaks({ rate: 100, data: new Float32Array([-0.5, 0.5]) });
    const pool = Buffer.alloc(blob.length + 3);
    pool.set(blob, 3);
    expect(Array.from(decodePeaks(pool.subarray(3)).data)).toEqual([Math.fround(-64 / 127), Math.fround(64 / 127)]);
  });

  it('rejects what is not a peaks blob', () => {
    expect(() => decodePeaks(new Uint8Array([9, 0, 0, 0, 0]))).toThrow();
    expect(() => decodePeaks(new Uint8Array([1, 0]))).toThrow();
  });
});
