import { describe, expect, it } from 'vitest';
import { RowIndex } from '../../../src-main/search/label-bridge/row-index';

describe('the file id -> row index', () => {
  it('maps, grows, forgets and fills like a Map of file ids', () => {
    const index = new RowIndex();
    expect(index.get(1)).toBeUndefined();
    index.set(1, 0);
    index.set(5000, 1); // past the first allocation
    expect([index.get(1), index.get(5000), index.get(2), index.get(-1), index.get(1e9)]).toEqual([
      0,
      1,
      undefined,
      undefined,
      undefined,
    ]);
    index.delete(1);
    expect(index.has(1)).toBe(false);
    expect(index.has(5000)).toBe(true);
    index.fill([7, -1, 3]);
    expect([index.get(7), index.get(3), index.get(5000)]).toEqual([0, 2, undefined]);
    index.clear();
    expect(index.has(7)).toBe(false);
    expect(() => index.set(-2, 0)).toThrow(RangeError);
  });
});
