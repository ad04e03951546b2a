import { describe, expect, it } from 'vitest';
import { formatProportion, wilson } from '../../eval/proportion';

describe('Wilson score interval', () => {
  it('matches the interval worked by hand for 3 of 4', () => {
    // centre (0.75 + 1.96²/8) / (1 + 1.96²/4) = 0.6275; half 1.96·√(0.75·0.25/4 + 1.96²/64) / 1.9604 = 0.3269
    const p = wilson(3, 4);
    expect(p.share).toBe(0.75);
    expect(p.low).toBeCloseTo(0.3006, 4);
    expect(p.high).toBeCloseTo(0.9544, 4);
    expect(formatProportion(p)).toBe('3/4 = 0.75 [0.30, 0.95]');
  });

  it('stays inside [0, 1] and keeps a width at none and at all', () => {
    const none = wilson(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
    const all = wilson(10, 10);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.7225, 4);
  });

  it('narrows as n grows at the same share', () => {
    const small = wilson(5, 10);
    const large = wilson(500, 1000);
    expect(large.high! - large.low!).toBeLessThan((small.high! - small.low!) / 5);
  });

  it('says nothing of nothing measured, and refuses what is not a count', () => {
    expect(wilson(0, 0)).toEqual({ successes: 0, n: 0, share: null, low: null, high: null });
    expect(formatProportion(wilson(0, 0))).toBe('0/0');
    expect(() => wilson(5, 4)).toThrow('5 of 4');
    expect(() => wilson(1.5, 4)).toThrow();
  });
});
