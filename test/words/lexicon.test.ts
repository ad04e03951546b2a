import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadUcsTable } from '../../src-main/metadata/ucs';
import { createLexicon, keywordDocument, queryWord } from '../../src-main/words/lexicon';
import { stem } from '../../src-main/words/stem';

const ucs = await loadUcsTable(join(import.meta.dirname, '../../models/ucs'));
const doc = (name: string, folder = 'lib') =>
  keywordDocument({ name, folder, meta: [], tags: [] }, createLexicon(ucs)).derived.split(' ');

describe('keywordDocument', () => {
  it('keeps the written words and adds stems, compound parts and joined neighbours as derived forms', () => {
    const written = keywordDocument({ name: 'Bodyfall_02', folder: 'lib Foley', meta: [], tags: [] }, createLexicon());
    expect(written.name).toBe('Bodyfall 02');
    expect(written.derived.split(' ')).toEqual(expect.arrayContaining([stem('body'), stem('fall'), 'bodyfal']));
    expect(doc('Key_Jingle')).toContain(stem('keyjingle'));
    expect(doc('Zippers')).toContain(stem('zipper'));
  });

  it('expands a UCS CatID to its category and subcategory words', () => {
    expect(doc('DOORWood_Creak Slow_Hark_01')).toEqual(expect.arrayContaining([stem('doors'), stem('wood')]));
    expect(doc('FOLYClth_Rustle')).toEqual(expect.arrayContaining([stem('foley'), stem('cloth')]));
  });

  it('stems words the same way on both sides', () => {
    expect(queryWord('zippers', createLexicon()).stem).toBe(queryWord('Zipper', createLexicon()).stem);
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
