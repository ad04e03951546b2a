import { describe, expect, it } from 'vitest';
import type { LabelBank } from '../../../src-main/ml/text/label-bank';
import { DEFAULT_BRIDGE_SETTINGS } from '../../../src-main/search/label-bridge/settings';
import { createLibraryScorer } from '../../../src-main/search/label-bridge/library-scorer';

// A two-class bank in 2-d: "Dog" along x, "Rain" along y; one UCS entry, RAIN, whose full text resembles the
// Rain class (audiosetUcsSimilarity) but whose embedding points along -x, away from both class texts.
const bank: LabelBank = {
  encoderId: 'test',
  dim: 2,
  audioset: [
    { index: 0, mid: '/m/dog', name: 'Dog', description: '' },
    { index: 1, mid: '/m/rain', name: 'Rain', description: '' },
  ],
  audiosetEmbeddings: Float32Array.from([1, 0, 0, 1]),
  ucs: [{ catId: 'RAIN', category: 'RAIN', subCategory: 'GENERAL', explanations: '', synonyms: [] }],
  ucsEmbeddings: Float32Array.from([-1, 0]),
  audiosetUcsSimilarity: Float32Array.from([0, 1]),
};

describe('createLibraryScorer', () => {
  const probs = Float32Array.from([0.9, 0.0, 0.0, 0.8, 0.2, 0.1, 0, 0]);
  const search = createLibraryScorer(bank, probs, { ...DEFAULT_BRIDGE_SETTINGS, ucsShare: 0 });

  it('ranks files for a query, leaves out zero scores and explains the top hit', () => {
    expect(search.fileCount).toBe(4);
    const dog = Float32Array.from([1, 0]);
    const hits = search.search(dog, 10);
    // File 1 has no dog; the Rain weight (e^-50 at temperature 0.02) is pruned, so it scores 0 and drops out.
    expect(hits.map((h) => h.index)).toEqual([0, 2]);
    const factors = search.explain(search.weights(dog), hits[0]!.index);
    expect(factors[0]!.label).toBe('Dog');
    expect(factors[0]!.probability).toBeCloseTo(0.9, 6);
  });

  it('measures how strongly the best candidate was heard doing what the query asks', () => {
    const dog = Float32Array.from([1, 0]);
    const weights = search.weights(dog);
    // files 0 (dog 0.9) and 2 (dog 0.2): the best carries almost all of the query's weight
    expect(search.matchStrength(weights, [0, 2])).toBeCloseTo(0.9, 3);
    expect(search.matchStrength(weights, [2])).toBeCloseTo(0.2, 3);
    // a library with no dog at all
    expect(search.matchStrength(weights, [1, 3])).toBeCloseTo(0, 3);
  });

  it('reports the closest label text for the no-match signal', () => {
    const m = search.labelMatch(Float32Array.from([0.6, 0.8]));
    expect(m.label).toBe('Rain');
    expect(m.similarity).toBeCloseTo(0.8, 6);
  });

  it('with the UCS route on, a query near a UCS entry also weights the classes that entry resembles', () => {
    // Directly the query is nearer Dog (cos -0.6 vs -0.8), but it points at the RAIN entry.
    const routed = createLibraryScorer(bank, probs, { ...DEFAULT_BRIDGE_SETTINGS, ucsShare: 0.5 });
    const query = Float32Array.from([-0.6, -0.8]);
    expect(search.weights(query)[1]).toBeLessThan(1e-3);
    expect(routed.weights(query)[1]).toBeCloseTo(0.5, 3);
    // Dog file: 0.5 * 0.9 / 0.275 = 1.64; rain file: 0.5 * 0.8 / 0.225 = 1.78
    expect(routed.search(query, 1)[0]!.index).toBe(1);
    expect(search.search(query, 1)[0]!.index).toBe(0);
  });

  it('rejects a probability matrix of the wrong width', () => {
    expect(() => createLibraryScorer(bank, new Float32Array(3))).toThrow(/N x 2/);
  });
});
