import { describe, expect, it } from 'vitest';
import {
  bridgeScores,
  bridgeScoresClassMajor,
  classMajorPriors,
  fileRow,
  bridgeScoresFromWeights,
  explainBridge,
  libraryPriors,
  queryClassWeights,
  strongestClasses,
  toClassMajor,
  ucsToClassMap,
  type BridgeLabels,
  type BridgeSettings,
} from '../../src-main/search/label-bridge';

// Three classes with 2-d unit label embeddings: "dog" along x, "rain" along y, "speech" diagonal.
const labels: BridgeLabels = {
  dim: 2,
  classEmbeddings: Float32Array.from([1, 0, 0, 1, Math.SQRT1_2, Math.SQRT1_2]),
};
const names = ['dog', 'rain', 'speech'];
const settings: BridgeSettings = { temperature: 0.1, priorFloor: 0.001, ucsShare: 0, ucsTemperature: 0.1, massKept: 1 };

// Four files x three classes.
const probs = Float32Array.from([
  0.9, 0.0, 0.8, // dog + speech
  0.1, 0.9, 0.8, // rain + speech
  0.3, 0.0, 0.8, // a little dog + speech
  0.0, 0.1, 0.0, // quiet
]);

describe('label bridge', () => {
  it('turns query-label cosines into a softmax at the given temperature', () => {
    const w = queryClassWeights(Float32Array.from([1, 0]), labels, settings);
    // cosines 1, 0, 0.7071 -> exp(10), exp(0), exp(7.071), normalised
    const e = [Math.exp(10), 1, Math.exp(10 * Math.SQRT1_2)];
    const sum = e[0]! + e[1]! + e[2]!;
    expect(w[0]).toBeCloseTo(e[0]! / sum, 5);
    expect(w[1]).toBeCloseTo(e[1]! / sum, 5);
    expect(w[2]).toBeCloseTo(e[2]! / sum, 5);
  });

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

  it('keeps only the classes holding the requested weight mass, largest first', () => {
    const w = Float32Array.from([0.05, 0.6, 0.3, 0.05]);
    expect(strongestClasses(w, 0.85)).toEqual([1, 2]);
    expect(strongestClasses(w, 1)).toHaveLength(4);
    // Pruning drops exactly the weight of the classes left out.
    const p = Float32Array.from([1, 1, 1, 1]);
    const priors = Float32Array.from([1, 1, 1, 1]);
    expect(bridgeScoresFromWeights(w, p, priors, 0.85)[0]).toBeCloseTo(0.9, 6);
    expect(bridgeScoresFromWeights(w, p, priors, 0.92)[0]).toBeCloseTo(0.95, 6);
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

  it('routes part of the query weight through UCS entries onto the classes they resemble', () => {
    // One UCS entry that looks like "rain"; a query aimed at it (and away from every class label).
    const classUcsSim = Float32Array.from([0, 1, 0.5]); // 3 classes x 1 UCS entry
    const ucsToClass = ucsToClassMap(classUcsSim, 3, 0.05);
    expect(ucsToClass[1]).toBeGreaterThan(0.99);
    const withUcs: BridgeLabels = { ...labels, ucsEmbeddings: Float32Array.from([0, -1]), ucsToClass };
    const query = Float32Array.from([0, -1]);
    const direct = queryClassWeights(query, withUcs, settings);
    const routed = queryClassWeights(query, withUcs, { ...settings, ucsShare: 0.5 });
    expect(routed[1]).toBeCloseTo(0.5 * direct[1]! + 0.5 * ucsToClass[1]!, 5);
    expect(routed.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
  });
});

describe('class-major scoring', () => {
  it('gives the same scores as the row-major pass', () => {
    const weights = Float32Array.from([0.5, 0.25, 0.25]);
    const priors = Float32Array.from([0.5, 0.25, 1]);
    const byClass = toClassMajor(probs, 3);
    expect(byClass.data[1 * 4 + 1]).toBeCloseTo(0.9, 6); // class 1 of file 1
    const a = bridgeScoresFromWeights(weights, probs, priors, 1);
    const b = bridgeScoresClassMajor(weights, byClass, priors, 1);
    for (let f = 0; f < 4; f++) expect(b[f]).toBeCloseTo(a[f]!, 6);
  });
});

describe('class-major helpers', () => {
  it('priors and file rows match the row-major versions', () => {
    const byClass = toClassMajor(probs, 3);
    expect(Array.from(classMajorPriors(byClass, 0.05))).toEqual(Array.from(libraryPriors(probs, 3, 0.05)));
    expect(Array.from(fileRow(byClass, 1))).toEqual(Array.from(probs.subarray(3, 6)));
  });
});
