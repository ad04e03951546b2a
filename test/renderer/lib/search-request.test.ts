import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  buildSearchRequest,
  emptyFilters,
  invalidDuration,
  parseSeconds,
  toSearchFilters,
} from '../../../src-renderer/lib/search-request';

describe('parseSeconds', () => {
  it('accepts seconds and m:ss, rejects junk', () => {
    expect(parseSeconds('')).toBeUndefined();
    expect(parseSeconds(' 2.5 ')).toBe(2.5);
    expect(parseSeconds('1:30')).toBe(90);
    expect(parseSeconds('1:00:05')).toBe(3605);
    expect(parseSeconds('abc')).toBeUndefined();
    expect(parseSeconds('-3')).toBeUndefined();
  });
});

describe('toSearchFilters', () => {
  it('sends nothing for untouched filters', () => {
    expect(toSearchFilters(emptyFilters())).toEqual({});
    expect(activeFilterCount(emptyFilters())).toBe(0);
  });

  it('maps every field and swaps a reversed duration range', () => {
    const state = {
      ...emptyFilters(),
      folder: ' /sounds/doors ',
      formats: ['wav' as const, 'flac' as const],
      minDuration: '10',
      maxDuration: '2',
      sampleRates: [48000],
      channels: [1],
      tags: 'metal, Impact,, metal',
      ucsCategory: ' DOORS ',
      favouritesOnly: true,
      collectionId: 3,
    };
    expect(toSearchFilters(state)).toEqual({
      folder: '/sounds/doors',
      formats: ['wav', 'flac'],
      minDuration: 2,
      maxDuration: 10,
      sampleRates: [48000],
      channels: [1],
      tags: ['metal', 'Impact'],
      ucsCategory: 'DOORS',
      favouritesOnly: true,
      collectionId: 3,
    });
    // The duration range counts as one filter.
    expect(activeFilterCount(state)).toBe(9);
  });
});

describe('buildSearchRequest', () => {
  const base = { text: '  dog bark ', filters: emptyFilters(), mode: 'fused' as const, offset: 0, limit: 200 };

  it('leaves sort out for relevance and filters out when empty', () => {
    expect(buildSearchRequest({ ...base, sort: { sort: 'relevance', descending: true } })).toEqual({
      text: 'dog bark',
      limit: 200,
      offset: 0,
      mode: 'fused',
    });
  });

  it('includes a chosen sort, its direction and active filters', () => {
    const request = buildSearchRequest({
      ...base,
      offset: 200,
      filters: { ...emptyFilters(), formats: ['mp3'] },
      sort: { sort: 'duration', descending: true },
    });
    expect(request).toMatchObject({ offset: 200, sort: 'duration', descending: true, filters: { formats: ['mp3'] } });
  });
});

describe('invalidDuration', () => {
  it('flags text that is no duration, never an empty field or a real one', () => {
    for (const bad of ['abc', '-3', '1:2:3:4', '2s', '1,5']) expect(invalidDuration(bad), bad).toBe(true);
    for (const good of ['', '  ', '2.5', '1:30', '0']) expect(invalidDuration(good), good).toBe(false);
  });
});
