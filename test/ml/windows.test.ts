import { describe, expect, it } from 'vitest';
import { fillWindow, spanSeconds, windowSpans } from '../../src-main/ml/windows';

const seconds = (length: number) =>
  windowSpans(length)
    .map(spanSeconds)
    .map(({ start, end }) => [start, end]);

describe('windowSpans', () => {
  it('keeps a clip of up to 10 s whole, as one window', () => {
    expect(seconds(32_000 * 3)).toEqual([[0, 3]]);
    expect(seconds(320_000)).toEqual([[0, 10]]);
    expect(windowSpans(1)).toEqual([{ start: 0, end: 1 }]);
    expect(windowSpans(0)).toEqual([]);
  });

  it('cuts 25 s into 10 s windows with 50% overlap that end exactly at the end', () => {
    expect(seconds(25 * 32_000)).toEqual([
      [0, 10],
      [5, 15],
      [10, 20],
      [15, 25],
    ]);
  });

  it('adds a window aligned to the end when the hops stop short of it', () => {
    expect(seconds(27 * 32_000)).toEqual([
      [0, 10],
      [5, 15],
      [10, 20],
      [15, 25],
      [17, 27],
    ]);
    expect(seconds(10.5 * 32_000)).toEqual([
      [0, 10],
      [0.5, 10.5],
    ]);
  });

  it('covers every sample of a long input with full windows', () => {
    const length = 123_457;
    const spans = windowSpans(length, 10_000, 5_000);
    const covered = new Uint8Array(length);
    for (const { start, end } of spans) {
      expect(end - start).toBe(10_000);
      covered.fill(1, start, end);
    }
    expect(covered.every((c) => c === 1)).toBe(true);
  });
});

describe('fillWindow', () => {
  it('copies the span and zero-pads what the input lacks', () => {
    const samples = Float32Array.from([1, 2, 3, 4, 5]);
    const out = new Float32Array(4).fill(9);
    fillWindow(samples, { start: 3, end: 5 }, out);
    expect(Array.from(out)).toEqual([4, 5, 0, 0]);
    fillWindow(samples, { start: 0, end: 5 }, out);
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
  });
});
