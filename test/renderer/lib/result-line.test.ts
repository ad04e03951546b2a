import { describe, expect, it } from 'vitest';
import { lineBefore, rowAt, rowCount, rowOfHit } from '../../../src-renderer/lib/result-line';
import { moveSelection } from '../../../src-renderer/lib/keyboard';
import { scrollToReveal, visibleWindow } from '../../../src-renderer/lib/virtual-window';

const hits = (flags: boolean[]) => flags.map((belowLine) => ({ belowLine }));

describe('the line between matches and weaker matches', () => {
  it('goes before the first weaker match, and nowhere when every hit is a match', () => {
    expect(lineBefore(hits([false, false, true, true]))).toBe(2);
    expect(lineBefore(hits([false, false]))).toBe(-1);
    expect(lineBefore([{}, {}])).toBe(-1);
    expect(lineBefore(hits([true, true]))).toBe(0); // no matches at all: the line tops the list
    expect(lineBefore([])).toBe(-1);
  });

  it('adds one row for the line and maps rows to hits around it', () => {
    const line = 2;
    expect(rowCount(4, line)).toBe(5);
    expect(rowCount(4, -1)).toBe(4);
    expect([0, 1, 2, 3, 4].map((row) => rowAt(row, line))).toEqual([
      { kind: 'hit', hit: 0 },
      { kind: 'hit', hit: 1 },
      { kind: 'line' },
      { kind: 'hit', hit: 2 },
      { kind: 'hit', hit: 3 },
    ]);
    expect([0, 1, 2, 3].map((hit) => rowOfHit(hit, line))).toEqual([0, 1, 3, 4]);
    expect([0, 1, 2].map((hit) => rowOfHit(hit, -1))).toEqual([0, 1, 2]);
    expect(rowAt(3, -1)).toEqual({ kind: 'hit', hit: 3 });
  });

  it('rowAt and rowOfHit agree for every hit, wherever the line is', () => {
    for (const line of [-1, 0, 1, 5, 9]) {
      for (let hit = 0; hit < 10; hit++) expect(rowAt(rowOfHit(hit, line), line)).toEqual({ kind: 'hit', hit });
    }
  });

  it('lets the keyboard step from the last match straight onto the first weaker one', () => {
    // Selection counts hits, not rows: Down from hit 1 lands on hit 2, the first weaker match, skipping the line.
    const next = moveSelection(1, 4, 'move-down', 10);
    expect(next).toBe(2);
    expect(rowAt(rowOfHit(next, 2), 2)).toEqual({ kind: 'hit', hit: 2 });
  });

  it('scrolls a weaker match far down a long list into view below the line', () => {
    const line = 150;
    const rowHeight = 48;
    const selected = 400;
    const top = scrollToReveal(rowOfHit(selected, line), 0, 480, rowHeight);
    expect(top).toBe((selected + 2) * rowHeight - 480);
    const win = visibleWindow({
      scrollTop: top ?? 0,
      viewportHeight: 480,
      rowHeight,
      count: rowCount(1000, line),
      overscan: 0,
    });
    expect(win.totalHeight).toBe(1001 * rowHeight);
    expect(rowAt(win.end - 1, line)).toEqual({ kind: 'hit', hit: selected });
  });
});
