import { describe, expect, it } from 'vitest';
import { bestSegment } from '../../src-main/library/caption-segment';

const window = (start: number, probs: number[]) => ({ start, end: start + 10, probs: Float32Array.from(probs) });

describe('bestSegment', () => {
  const windows = [window(0, [0.9, 0.1, 0.0]), window(5, [0.2, 0.6, 0.1]), window(10, [0.1, 0.3, 0.95])];

  it('picks the window where the top tag is heard most', () => {
    expect(bestSegment(windows, 1)).toEqual({ start: 5, end: 15, score: expect.closeTo(0.6, 6) });
    expect(bestSegment(windows, 0)).toEqual({ start: 0, end: 10, score: expect.closeTo(0.9, 6) });
  });

  it('without a class, picks the window with the most confident tag of any kind', () => {
    expect(bestSegment(windows, undefined)).toEqual({ start: 10, end: 20, score: expect.closeTo(0.95, 6) });
  });

  it('has nothing to choose in a file of one window or none', () => {
    expect(bestSegment([windows[0]!], 0)).toBeNull();
    expect(bestSegment([windows[0]!], undefined)).toBeNull();
    expect(bestSegment([], undefined)).toBeNull();
  });

  it('keeps the earliest window on a tie', () => {
    expect(bestSegment([window(0, [0.5]), window(5, [0.5])], undefined)).toMatchObject({ start: 0 });
    expect(bestSegment([window(0, [0.5]), window(5, [0.5])], 0)).toMatchObject({ start: 0 });
  });
});
