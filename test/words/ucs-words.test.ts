import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadUcsTable } from '../../src-main/metadata/ucs';
import { catIdWords } from '../../src-main/words/ucs-words';
import { createLexicon, queryWord } from '../../src-main/words/lexicon';

const ucs = await loadUcsTable(join(import.meta.dirname, '../../models/ucs'));

describe('catIdWords', () => {
  it('gives a CatID’s category and subcategory words, in any case, and nothing for other words', () => {
    expect(catIdWords('DOORWood', ucs)).toEqual(['doors', 'wood']);
    expect(catIdWords('doorwood', ucs)).toEqual(['doors', 'wood']);
    expect(catIdWords('BLLTMisc', ucs)).toEqual(['bullets']);
    expect(catIdWords('Creak', ucs)).toEqual([]);
    expect(catIdWords('DOORWood', null)).toEqual([]);
  });
});

describe('the UCS thesaurus', () => {
  it('points a synonym at the words of the subcategories that list it, not at itself', () => {
    const word = queryWord('sedan', createLexicon(ucs));
    expect(word.related).toContain('car');
    expect(queryWord('cloth', createLexicon(ucs)).related).not.toContain('rain');
    expect(word.related).not.toContain('sedan');
    expect(queryWord('sedan', createLexicon(null)).related).toEqual([]);
  });

  it('ignores synonyms too vague to point anywhere', () => {
    // "air" is listed under many subcategories.
    expect(queryWord('air', createLexicon(ucs)).related).toEqual([]);
  });
});
