import { describe, expect, it } from 'vitest';
import { globToRegExp } from '../../eval/judgements.mjs';
import { averagePrecisionAt, evaluate } from '../../eval/metrics.mjs';

describe('eval metrics', () => {
  it('computes AP@10 by hand', () => {
    // relevant at ranks 1 and 3 of 2 relevant: (1/1 + 2/3) / 2
    expect(averagePrecisionAt([true, false, true], 2)).toBeCloseTo((1 + 2 / 3) / 2, 10);
    // 20 relevant, all of the top 10 right: the denominator is min(20, 10)
    expect(averagePrecisionAt(Array(10).fill(true), 20)).toBeCloseTo(1, 10);
    expect(averagePrecisionAt([false, true], 0)).toBe(0);
  });

  it('evaluates a toy run with known mAP@10, R@1 and R@10, per kind', () => {
    const judgements = new Map([
      ['dog', { kind: 'literal', relevant: new Set(['a.wav', 'b.wav']) }],
      ['rain', { kind: 'descriptive', relevant: new Set(['c.wav']) }],
      ['missing', { kind: 'descriptive', relevant: new Set(['d.wav']) }],
    ]);
    const runs = [
      { query: 'dog', results: [{ path: 'a.wav' }, { path: 'x.wav' }, { path: 'b.wav' }] },
      { query: 'rain', results: [{ path: 'x.wav' }, { path: 'c.wav' }] },
      // "missing" has no run line: it counts as zero
    ];
    const { all, byKind } = evaluate(runs, judgements);
    const apDog = (1 + 2 / 3) / 2;
    expect(all.map10).toBeCloseTo((apDog + 0.5 + 0) / 3, 10);
    expect(all.r1).toBeCloseTo(1 / 3, 10);
    expect(all.r10).toBeCloseTo(2 / 3, 10);
    expect(byKind.literal!.map10).toBeCloseTo(apDog, 10);
    expect(byKind.descriptive!.r10).toBeCloseTo(0.5, 10);
  });

  it('matches globs within and across folders', () => {
    expect(globToRegExp('ufoai/footsteps/gravel*.ogg').test('ufoai/footsteps/gravel1.ogg')).toBe(true);
    expect(globToRegExp('ufoai/*.ogg').test('ufoai/footsteps/gravel1.ogg')).toBe(false);
    expect(globToRegExp('ufoai/**.ogg').test('ufoai/footsteps/gravel1.ogg')).toBe(true);
    expect(globToRegExp('a.wav').test('aXwav')).toBe(false);
  });
});
