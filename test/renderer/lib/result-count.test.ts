import { describe, expect, it } from 'vitest';
import { belowLineWords, countWords, listLabel } from '../../../src-renderer/lib/result-count';

describe('the result count', () => {
  it('counts matches for a query and files for browsing', () => {
    expect(countWords({ total: 12, belowLine: 0, query: true })).toBe('12 matches');
    expect(countWords({ total: 1, belowLine: 0, query: true })).toBe('1 match');
    expect(countWords({ total: 0, belowLine: 4, query: true })).toBe('0 matches');
    expect(countWords({ total: 1234, belowLine: 0, query: false })).toBe('1,234 sounds');
    expect(countWords({ total: 1, belowLine: 0, query: false })).toBe('1 sound');
  });

  it('says how many weaker matches follow the line, and nothing when there are none', () => {
    expect(belowLineWords({ total: 12, belowLine: 3, query: true })).toBe('3 weaker matches below');
    expect(belowLineWords({ total: 12, belowLine: 1, query: true })).toBe('1 weaker match below');
    expect(belowLineWords({ total: 12, belowLine: 0, query: true })).toBe('');
  });

  it('names the list with both counts', () => {
    expect(listLabel({ total: 12, belowLine: 3, query: true })).toBe('Results, 12 matches, 3 weaker matches below');
    expect(listLabel({ total: 6, belowLine: 0, query: false })).toBe('Results, 6 sounds');
  });
});
