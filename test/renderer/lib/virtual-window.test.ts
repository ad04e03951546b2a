import { describe, expect, it } from 'vitest';
import { rowsPerPage, scrollToReveal, visibleWindow } from '../../../src-renderer/lib/virtual-window';

describe('visibleWindow', () => {
  it('renders only the rows in view plus overscan, even for 10,000 rows', () => {
    const w = visibleWindow({ scrollTop: 48 * 5000, viewportHeight: 480, rowHeight: 48, count: 10_000, overscan: 5 });
    expect(w.start).toBe(4995);
    expect(w.end).toBe(5015);
    expect(w.offsetTop).toBe(4995 * 48);
    expect(w.totalHeight).toBe(480_000);
    expect(w.end - w.start).toBeLessThan(30);
  });

  it('clamps at both ends and handles a partly scrolled row', () => {
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 100, rowHeight: 48, count: 100, overscan: 2 })).toMatchObject({
      start: 0,
      end: 5,
    });
    const bottom = visibleWindow({ scrollTop: 1e9, viewportHeight: 100, rowHeight: 48, count: 100, overscan: 2 });
    expect(bottom.end).toBe(100);
    expect(bottom.start).toBe(Math.floor((4800 - 100) / 48) - 2);
    const partial = visibleWindow({ scrollTop: 70, viewportHeight: 100, rowHeight: 48, count: 100, overscan: 0 });
    expect(partial).toMatchObject({ start: 1, end: 4 });
  });

  it('is empty for no rows', () => {
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 100, rowHeight: 48, count: 0, overscan: 3 })).toEqual({
      start: 0,
      end: 0,
      offsetTop: 0,
      totalHeight: 0,
    });
  });
});

describe('scrollToReveal', () => {
  it('scrolls the least needed to show a row, and not at all when it is visible', () => {
    expect(scrollToReveal(0, 0, 480, 48)).toBeNull();
    expect(scrollToReveal(9, 0, 480, 48)).toBeNull();
    expect(scrollToReveal(10, 0, 480, 48)).toBe(48);
    expect(scrollToReveal(2, 200, 480, 48)).toBe(96);
    expect(scrollToReveal(-1, 0, 480, 48)).toBeNull();
  });

  it('gives a page size of whole rows, at least one', () => {
    expect(rowsPerPage(480, 48)).toBe(10);
    expect(rowsPerPage(20, 48)).toBe(1);
  });
});
