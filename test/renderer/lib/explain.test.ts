import { describe, expect, it } from 'vitest';
import {
  confidenceWords,
  factorSentence,
  rankSummary,
  rankedFactors,
  topTags,
} from '../../../src-renderer/lib/explain';

describe('explain', () => {
  it('puts confidences into words', () => {
    expect(confidenceWords(0.95)).toBe('very likely');
    expect(confidenceWords(0.65)).toBe('likely');
    expect(confidenceWords(0.45)).toBe('possibly');
    expect(confidenceWords(0.25)).toBe('unlikely');
    expect(confidenceWords(0.05)).toBe('very unlikely');
    expect(factorSentence({ name: 'dog', confidence: 0.92, similarity: 0.412 })).toBe(
      'dog: very likely (92%), similarity 0.41',
    );
  });

  it('orders factors and tags', () => {
    expect(
      rankedFactors([
        { name: 'a', confidence: 0.2, similarity: 0 },
        { name: 'b', confidence: 0.9, similarity: 0 },
      ]).map((f) => f.name),
    ).toEqual(['b', 'a']);
    expect(rankedFactors(undefined)).toEqual([]);
    const tags = topTags(
      [
        { label: 'Dog', score: 0.9, source: 'audioset' },
        { label: 'mine', score: 1, source: 'user' },
        { label: 'Bark', score: 0.95, source: 'audioset' },
      ],
      2,
    );
    expect(tags.map((t) => t.label)).toEqual(['mine', 'Bark']);
  });

  it('summarises which searches ranked a result', () => {
    expect(rankSummary({ matchedTerms: [], tags: [], keywordRank: 3, neuralRank: 1 })).toBe('words #3 · sound #1');
    expect(rankSummary({ matchedTerms: [], tags: [] })).toBe('');
  });
});
