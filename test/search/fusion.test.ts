import { describe, expect, it } from 'vitest';
import { DEFAULT_FUSION, fuse, keywordWeight, neuralParts, type FusionCandidate } from '../../src-main/search/fusion';

const ids = (list: { fileId: number }[]) => list.map((item) => item.fileId);
const lexical = (held: number) => ({ held, score: held });

describe('fuse', () => {
  it('ranks a query with no lexical evidence by the model alone', () => {
    const neural = neuralParts(
      [7, 3, 9, 1].map((fileId, i) => ({ fileId, score: 1 - i * 0.1 })),
      0.8,
    );
    const candidates: FusionCandidate[] = [...neural].map(([fileId, part]) => ({ fileId, neural: part }));
    expect(ids(fuse(candidates, 'fused'))).toEqual([7, 3, 9, 1]);
    expect(fuse(candidates, 'fused').map((h) => h.score)).toEqual(fuse(candidates, 'neural').map((h) => h.score));
  });

  it('never puts a file holding none of a literal query above one holding all of it', () => {
    // Whatever the model says, a file holding every word (1-3) stays above the model's favourites (8, 9).
    const candidates: FusionCandidate[] = [
      { fileId: 1, lexical: lexical(1), neural: 0 },
      { fileId: 2, lexical: lexical(0.95), neural: 0.1 },
      { fileId: 3, lexical: lexical(0.9) },
      { fileId: 8, neural: 1 },
      { fileId: 9, neural: 0.9 },
    ];
    const fused = ids(fuse(candidates, 'fused'));
    expect(fused.slice(0, 3).sort()).toEqual([1, 2, 3]);
    // ... and its order among the full matches is the keyword order unless the model really disagrees.
    expect(ids(fuse(candidates, 'keyword'))).toEqual([1, 2, 3]);
  });

  it('lets the model reorder files that hold the words equally', () => {
    const candidates: FusionCandidate[] = [
      { fileId: 1, lexical: lexical(1), neural: 0.1 },
      { fileId: 2, lexical: lexical(1), neural: 0.9 },
    ];
    expect(ids(fuse(candidates, 'fused'))).toEqual([2, 1]);
  });

  it('weighs the words less as the best file holds less of the query', () => {
    expect(keywordWeight(1)).toBe(DEFAULT_FUSION.maxKeywordWeight);
    expect(keywordWeight(0.5)).toBeLessThan(keywordWeight(0.9));
    expect(keywordWeight(0)).toBe(0);
  });

  it('gives scores comparable across queries: a poor query is not 1.00 at the top', () => {
    const weak = neuralParts([{ fileId: 1, score: 5 }], 0.2);
    expect(fuse([{ fileId: 1, neural: weak.get(1)! }], 'fused')[0]!.score).toBeCloseTo(0.2);
    const strong = neuralParts([{ fileId: 1, score: 0.01 }], 1);
    expect(fuse([{ fileId: 1, neural: strong.get(1)! }], 'fused')[0]!.score).toBe(1);
  });

  it('puts weaker matches below the line and unreadable files last', () => {
    const fused = fuse(
      [
        { fileId: 1, lexical: lexical(1), unreadable: true },
        { fileId: 2, lexical: lexical(1), neural: 0.5 },
        { fileId: 3, neural: 0.1 },
      ],
      'fused',
    );
    expect(ids(fused)).toEqual([2, 3, 1]);
    expect(fused.map((h) => h.belowLine)).toEqual([false, true, true]);
    expect(fused[2]!.unreadable).toBe(true);
  });

  it('ranks a file the model has not analysed by its words, as the median analysed file with its words', () => {
    const fused = fuse(
      [
        { fileId: 1, lexical: lexical(1), neural: 0.9 },
        { fileId: 2, lexical: lexical(1), neural: 0.5 },
        { fileId: 3, lexical: lexical(1), neural: 0.1 },
        { fileId: 4, lexical: lexical(1), notAnalysed: true },
      ],
      'fused',
    );
    expect(ids(fused).indexOf(4)).toBe(2);
    expect(fused.find((h) => h.fileId === 4)!.notAnalysed).toBe(true);
  });
});
