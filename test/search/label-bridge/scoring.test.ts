import { describe, expect, it } from 'vitest';
import { bridgeScoresFromWeights } from '../../../eval/row-major-bridge';
import { classMajorView, rowMajorView, toClassMajor } from '../../../src-main/search/label-bridge/class-major';
import { bridgeScoresClassMajor, explainBridge, matchStrength } from '../../../src-main/search/label-bridge/scoring';
import { names, probs } from './helpers/fixtures';

describe('label bridge scoring', () => {
  it('scores files class-major as sum_c w_c p_fc / prior_c (hand-checked)', () => {
    const weights = Float32Array.from([0.5, 0.25, 0.25]);
    const priors = Float32Array.from([0.5, 0.25, 1]);
    const scores = bridgeScoresClassMajor(weights, toClassMajor(probs, 3), priors, 1);
    expect(scores[0]).toBeCloseTo(1.1, 6); // 0.5*0.9/0.5 + 0.25*0/0.25 + 0.25*0.8/1
    expect(scores[1]).toBeCloseTo(1.2, 6); // 0.5*0.1/0.5 + 0.25*0.9/0.25 + 0.25*0.8
    expect(scores[3]).toBeCloseTo(0.1, 6);
  });

  it('drops exactly the weight of the classes left out by massKept', () => {
    const w = Float32Array.from([0.05, 0.6, 0.3, 0.05]);
    const p = toClassMajor(Float32Array.from([1, 1, 1, 1]), 4);
    const priors = Float32Array.from([1, 1, 1, 1]);
    expect(bridgeScoresClassMajor(w, p, priors, 0.85)[0]).toBeCloseTo(0.9, 6);
    expect(bridgeScoresClassMajor(w, p, priors, 0.92)[0]).toBeCloseTo(0.95, 6);
  });

  it('gives the same scores as the row-major pass', () => {
    const weights = Float32Array.from([0.5, 0.25, 0.25]);
    const priors = Float32Array.from([0.5, 0.25, 1]);
    const byClass = toClassMajor(probs, 3);
    const a = bridgeScoresFromWeights(weights, probs, priors, 1);
    const b = bridgeScoresClassMajor(weights, byClass, priors, 1);
    for (let f = 0; f < 4; f++) expect(b[f]).toBeCloseTo(a[f]!, 6);
  });

  it('explains a file by its largest contributions with their shares', () => {
    const weights = Float32Array.from([0.5, 0.25, 0.25]);
    const priors = Float32Array.from([0.5, 0.25, 1]);
    const factors = explainBridge(weights, probs.subarray(0, 3), priors, names, 2);
    expect(factors.map((f) => f.label)).toEqual(['dog', 'speech']);
    expect(factors[0]!.contribution).toBeCloseTo(0.9, 6);
    expect(factors[0]!.share).toBeCloseTo(0.9 / 1.1, 6);
    expect(factors[0]!.probability).toBeCloseTo(0.9, 6);
    expect(factors[1]!.weight).toBeCloseTo(0.25, 6);
  });

  it('measures the probability mass of the best file on the query classes, the same in either layout', () => {
    const weights = Float32Array.from([0.5, 0.25, 0.25]);
    const rows = rowMajorView(probs, 3);
    const columns = classMajorView(toClassMajor(probs, 3, 8)); // spare capacity: the stride is not the file count
    // file 0: 0.5*0.9 + 0.25*0 + 0.25*0.8 = 0.65; file 1: 0.05 + 0.225 + 0.2 = 0.475; file 3: 0.025
    for (const view of [rows, columns]) {
      expect(matchStrength(weights, view, [0, 1, 2, 3], 1)).toBeCloseTo(0.65, 6);
      expect(matchStrength(weights, view, [1, 3], 1)).toBeCloseTo(0.475, 6);
      // Half the mass keeps the dog class alone: file 2 holds 0.5*0.3.
      expect(matchStrength(weights, view, [2, 3], 0.5)).toBeCloseTo(0.15, 6);
      expect(matchStrength(weights, view, [], 1)).toBe(0);
    }
  });
});
