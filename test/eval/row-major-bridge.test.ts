import { describe, expect, it } from 'vitest';
import { bridgeScores, bridgeScoresFromWeights, libraryPriors } from '../../eval/row-major-bridge';
import { labels, probs, settings } from '../search/label-bridge/helpers/fixtures';

describe('row-major label bridge (the reference)', () => {
  it('computes priors as floored class means', () => {
    const priors = libraryPriors(probs, 3, 0.05);
    expect(priors[0]).toBeCloseTo((0.9 + 0.1 + 0.3) / 4, 6);
    expect(priors[1]).toBeCloseTo(0.25, 6);
    expect(priors[2]).toBeCloseTo(0.6, 6);
    expect(libraryPriors(new Float32Array(3), 3, 0.05)[0]).toBeCloseTo(0.05, 6);
  });

  it('scores files as sum_c w_c p_fc / prior_c (hand-checked)', () => {
    const weights = Float32Array.from([0.5, 0.25, 0.25]);
    const priors = Float32Array.from([0.5, 0.25, 1]);
    const scores = bridgeScoresFromWeights(weights, probs, priors, 1);
    // file 0: 0.5*0.9/0.5 + 0.25*0/0.25 + 0.25*0.8/1 = 0.9 + 0 + 0.2
    expect(scores[0]).toBeCloseTo(1.1, 6);
    // file 1: 0.5*0.1/0.5 + 0.25*0.9/0.25 + 0.25*0.8 = 0.1 + 0.9 + 0.2
    expect(scores[1]).toBeCloseTo(1.2, 6);
    expect(scores[3]).toBeCloseTo(0.1, 6);
  });

  it('the prior correction lets a dog query rank the dog file over always-on speech', () => {
    const priors = libraryPriors(probs, 3);
    const dogQuery = Float32Array.from([1, 0]);
    const scores = bridgeScores(dogQuery, labels, probs, priors, settings);
    const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!);
    expect(order.slice(0, 2)).toEqual([0, 2]);
    const rainScores = bridgeScores(Float32Array.from([0, 1]), labels, probs, priors, settings);
    expect(Array.from(rainScores.keys()).sort((a, b) => rainScores[b]! - rainScores[a]!)[0]).toBe(1);
  });

  it('keeps only the classes holding the requested weight mass', () => {
    const w = Float32Array.from([0.05, 0.6, 0.3, 0.05]);
    // Pruning drops exactly the weight of the classes left out.
    const p = Float32Array.from([1, 1, 1, 1]);
    const priors = Float32Array.from([1, 1, 1, 1]);
    expect(bridgeScoresFromWeights(w, p, priors, 0.85)[0]).toBeCloseTo(0.9, 6);
    expect(bridgeScoresFromWeights(w, p, priors, 0.92)[0]).toBeCloseTo(0.95, 6);
  });
});
