import { describe, expect, it } from 'vitest';
import { parseKeywordQuery } from '../../src-main/search/keyword-query';

const shape = (text: string) =>
  parseKeywordQuery(text).groups.map((group) => group.map((term) => `${term.kind}:${term.text}`));

describe('parseKeywordQuery', () => {
  it('reads space as AND, OR between neighbours, -word as NOT', () => {
    expect(shape('wet footsteps')).toEqual([['word:wet'], ['word:footsteps']]);
    expect(shape('kick OR snare hard')).toEqual([['word:kick', 'word:snare'], ['word:hard']]);
    const query = parseKeywordQuery('kick -808 -distorted');
    expect(shape('kick -808 -distorted')).toEqual([['word:kick']]);
    expect(query.exclude).toBe('"808" OR "distorted"');
    expect(query.terms).toEqual(['kick']);
  });

  it('keeps quoted phrases and prefixes, and splits a hyphenated word into words', () => {
    expect(shape('"hi hat" foot*')).toEqual([['phrase:hi hat'], ['prefix:foot']]);
    expect(shape('hi-hat')).toEqual([['word:hi'], ['word:hat']]);
  });

  it('finds any form of any term: the word in any column, its stem among the derived forms', () => {
    expect(parseKeywordQuery('zippers').match).toBe('("zippers" OR derived : "zipper")');
    expect(parseKeywordQuery('kick snare').match).toBe(
      '("kick" OR derived : "kick") OR ("snare" OR derived : "snare")',
    );
  });

  it('quotes FTS5 syntax so it is searched, not executed', () => {
    const query = parseKeywordQuery('name:kick NEAR(a b) "x""y"');
    expect(query.match).not.toMatch(/NEAR\(|name:/);
    expect(shape('name:kick NEAR(a b) "x""y"')).toEqual([
      ['word:name'],
      ['word:kick'],
      ['word:near'],
      ['word:a'],
      ['word:b'],
      ['word:x'],
      ['word:y'],
    ]);
  });

  it('ignores lone punctuation and a dangling OR', () => {
    expect(shape('OR - * kick OR')).toEqual([['word:kick']]);
  });

  it('has nothing to match for an empty query', () => {
    expect(parseKeywordQuery('   ')).toEqual({ match: null, exclude: null, terms: [], groups: [], groupMatches: [] });
  });

  it('drops words that carry no sound when others remain, keeps them in phrases or alone', () => {
    expect(shape('footsteps on the gravel')).toEqual([['word:footsteps'], ['word:gravel']]);
    expect(shape('"footsteps on gravel"')).toEqual([['phrase:footsteps on gravel']]);
    expect(shape('the')).toEqual([['word:the']]);
  });

  it('marks prefix terms', () => {
    expect(parseKeywordQuery('foot* kick').terms).toEqual(['foot*', 'kick']);
  });
});
