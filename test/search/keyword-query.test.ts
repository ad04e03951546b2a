import { describe, expect, it } from 'vitest';
import { matchedTerms, parseKeywordQuery } from '../../src-main/search/keyword-query';

describe('parseKeywordQuery', () => {
  it('joins words with AND', () => {
    expect(parseKeywordQuery('wet footsteps').match).toBe('"wet" AND "footsteps"');
  });

  it('groups OR alternatives', () => {
    expect(parseKeywordQuery('kick OR snare hard').match).toBe('("kick" OR "snare") AND "hard"');
  });

  it('turns -word into an exclusion', () => {
    const query = parseKeywordQuery('kick -808 -distorted');
    expect(query.match).toBe('"kick"');
    expect(query.exclude).toBe('"808" OR "distorted"');
    expect(query.terms).toEqual(['kick']);
  });

  it('keeps quoted phrases and prefixes', () => {
    expect(parseKeywordQuery('"hi hat" foot*').match).toBe('"hi hat" AND "foot" *');
  });

  it('quotes FTS5 syntax so it is searched, not executed', () => {
    const query = parseKeywordQuery('name:kick NEAR(a b) "x""y"');
    expect(query.match).toBe('"name:kick" AND "NEAR(a" AND "b)" AND "x" AND "y"');
  });

  it('ignores lone punctuation and a dangling OR', () => {
    expect(parseKeywordQuery('OR - * kick OR').match).toBe('"kick"');
  });

  it('has nothing to match for an empty query', () => {
    expect(parseKeywordQuery('   ')).toEqual({ match: null, exclude: null, terms: [] });
  });
});

describe('matchedTerms', () => {
  it('finds whole words, case-insensitively', () => {
    expect(matchedTerms(['kick', 'drums', 'snare'], 'Kick Drums_01 hard')).toEqual(['kick', 'drums']);
  });
});

describe('stopwords and prefixes', () => {
  it('drops words that carry no sound when others remain, keeps them in phrases or alone', () => {
    expect(parseKeywordQuery('footsteps on the gravel').match).toBe('"footsteps" AND "gravel"');
    expect(parseKeywordQuery('"footsteps on gravel"').match).toBe('"footsteps on gravel"');
    expect(parseKeywordQuery('the').match).toBe('"the"');
  });

  it('marks prefix terms so only they match word beginnings', () => {
    expect(parseKeywordQuery('foot* kick').terms).toEqual(['foot*', 'kick']);
    expect(matchedTerms(['foot*', 'kick'], 'footsteps kicks')).toEqual(['foot*']);
  });
});
