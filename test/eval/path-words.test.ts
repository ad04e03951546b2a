import { describe, expect, it } from 'vitest';
import { bm25Index, pathTerms, splitWords, stem } from '../../eval/path-words.mjs';

describe('plain BM25 baseline over path words', () => {
  it('splits on separators, case changes, acronyms and letter/digit boundaries', () => {
    expect(splitWords('Library/Foley/Footsteps_Gravel_01')).toEqual(['library', 'foley', 'footsteps', 'gravel']);
    expect(splitWords('DOORWood_Creak Slow')).toEqual(['door', 'wood', 'creak', 'slow']);
    expect(splitWords('FOLYCloth-Rustle take3')).toEqual(['foly', 'cloth', 'rustle', 'take']);
    // Run-together words stay whole: the baseline does not decompound.
    expect(splitWords('bodyfall2')).toEqual(['bodyfall']);
  });

  it('folds plurals lightly', () => {
    expect(['zippers', 'glasses', 'boxes', 'flies', 'horses', 'crashes'].map(stem)).toEqual([
      'zipper',
      'glass',
      'box',
      'fly',
      'horse',
      'crash',
    ]);
    expect(['glass', 'bus', 'axis', 'gas'].map(stem)).toEqual(['glass', 'bus', 'axis', 'gas']);
    expect(pathTerms('Zipper_03')).toEqual(pathTerms('zippers'));
  });

  it('ranks files holding more, and rarer, query words first', () => {
    const files = ['Glass/BottleSmash_Floor', 'Glass/Bottle_Clink', 'Wood/Floor_Creak', 'Metal/Smash_Big'];
    const ranked = bm25Index(files)
      .search('glass bottle smash floor')
      .map((h) => files[h.index]);
    expect(ranked[0]).toBe('Glass/BottleSmash_Floor');
    expect(ranked).toHaveLength(4);
    expect(bm25Index(files).search('zippers')).toEqual([]);
  });
});
