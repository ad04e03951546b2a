import { describe, expect, it } from 'vitest';
import { classToUcsMap, suggestUcs, topAudioSetTags } from '../../../src-main/ml/text/auto-tags';
import type { UcsEntry } from '../../../src-main/ml/text/label-sources';

const classes = [{ name: 'Dog' }, { name: 'Bark' }, { name: 'Rain' }, { name: 'Speech' }];
const ucs: UcsEntry[] = [
  { catId: 'DOGBark', category: 'DOGS', subCategory: 'BARK', explanations: '', synonyms: [] },
  { catId: 'RAIN', category: 'RAIN', subCategory: 'GENERAL', explanations: '', synonyms: [] },
  { catId: 'VOXMisc', category: 'VOICES', subCategory: 'MISC', explanations: '', synonyms: [] },
];

describe('auto-tags', () => {
  it('lists the top AudioSet tags above the probability floor, strongest first', () => {
    const probs = Float32Array.from([0.7, 0.9, 0.02, 0.3]);
    const tags = topAudioSetTags(probs, classes, { limit: 3, minProbability: 0.1 });
    expect(tags.map((t) => t.label)).toEqual(['Bark', 'Dog', 'Speech']);
    expect(tags[0]!.probability).toBeCloseTo(0.9, 6);
    expect(topAudioSetTags(probs, classes, { limit: 4, minProbability: 0.5 })).toHaveLength(2);
  });

  it('votes UCS categories through the class-to-UCS map (hand-checked)', () => {
    // Hand-made map rows (classes x UCS): Dog and Bark point at DOGBark, Rain at RAIN, Speech at VOXMisc.
    const map = Float32Array.from([1, 0, 0, 0.8, 0, 0.2, 0, 1, 0, 0, 0, 1]);
    const probs = Float32Array.from([0.7, 0.9, 0.0, 0.3]);
    const s = suggestUcs(probs, map, ucs, { limit: 3, minConfidence: 0 });
    // heard = 1.9; DOGBark = (0.7 + 0.72) / 1.9, VOXMisc = (0.18 + 0.3) / 1.9, RAIN = 0
    expect(s[0]!.catId).toBe('DOGBark');
    expect(s[0]!.confidence).toBeCloseTo(1.42 / 1.9, 5);
    expect(s[1]!.catId).toBe('VOXMisc');
    expect(s[1]!.confidence).toBeCloseTo(0.48 / 1.9, 5);
    expect(s[0]!.category).toBe('DOGS');
  });

  it('keeps confidence low when little is heard', () => {
    const map = Float32Array.from([1, 0, 0, 0.8, 0, 0.2, 0, 1, 0, 0, 0, 1]);
    const s = suggestUcs(Float32Array.from([0.2, 0, 0, 0]), map, ucs, { minConfidence: 0 });
    expect(s[0]!.confidence).toBeCloseTo(0.2, 6);
    expect(suggestUcs(Float32Array.from([0.02, 0, 0, 0]), map, ucs)).toHaveLength(0);
  });

  it('builds the map relative to the closest UCS entry of each class, so near-duplicate entries both score high', () => {
    const sim = Float32Array.from([0.9, 0.89, 0.2, 0.1, 0.8, 0.3]); // 2 classes x 3 UCS
    const map = classToUcsMap(sim, 3, 0.05);
    expect(map[0]).toBeCloseTo(1, 6);
    expect(map[1]).toBeCloseTo(Math.exp(-0.01 / 0.05), 5);
    expect(map[2]).toBeLessThan(1e-5);
    expect(map[4]).toBeCloseTo(1, 6);
  });
});
