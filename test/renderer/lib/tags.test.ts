import { describe, expect, it } from 'vitest';
import { parseTagList } from '../../../src-renderer/lib/tags';

describe('parseTagList', () => {
  it('trims, collapses spaces, drops empties and case-insensitive duplicates', () => {
    expect(parseTagList(' door,  Metal   Slam ,, door, DOOR ')).toEqual(['door', 'Metal Slam']);
    expect(parseTagList('')).toEqual([]);
  });
});
