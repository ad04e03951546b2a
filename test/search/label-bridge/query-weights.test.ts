import { describe, expect, it } from 'vitest';
import {
  queryClassWeights,
  strongestClasses,
  ucsToClassMap,
  type BridgeLabels,
} from '../../../src-main/search/label-bridge/query-weights';
import { labels, settings } from './helpers/fixtures';

describe('label bridge query weights', () => {
  it('turns query-label cosines into a softmax at the given temperature', () => {
    const w = queryClassWeights(Float32Array.from([1, 0]), labels, settings);
    // cosines 1, 0, 0.7071 -> exp(10), exp(0), exp(7.071), normalised
    const e = [Math.exp(10), 1, Math.exp(10 * Math.SQRT1_2)];
    const sum = e[0]! + e[1]! + e[2]!;
    expect(w[0]).toBeCloseTo(e[0]! / sum, 5);
    expect(w[1]).toBeCloseTo(e[1]! / sum, 5);
    expect(w[2]).toBeCloseTo(e[2]! / sum, 5);
  });

  it('keeps only the classes holding the requested weight mass, largest first', () => {
    const w = Float32Array.from([0.05, 0.6, 0.3, 0.05]);
    expect(strongestClasses(w, 0.85)).toEqual([1, 2]);
    expect(strongestClasses(w, 1)).toHaveLength(4);
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
