// Where the line between the matches and the weaker matches goes in the results list, and how list rows (hits plus
// the one line row) map to hits. Selection and keyboard movement count hits only; the line is never selectable.
import type { SearchHit } from '../../src-main/api/contract';

/** The hit the line is drawn above (the first weaker match), or -1 when every hit shown is a match. */
export function lineBefore(hits: readonly Pick<SearchHit, 'belowLine'>[]): number {
  return hits.findIndex((hit) => hit.belowLine === true);
}

/** How many rows the list draws: every hit, plus the line when there is one. */
export function rowCount(hitCount: number, line: number): number {
  return hitCount + (line >= 0 && line < hitCount ? 1 : 0);
}

export type ListRow = { kind: 'hit'; hit: number } | { kind: 'line' };

/** What list row `row` shows. */
export function rowAt(row: number, line: number): ListRow {
  if (line < 0 || row < line) return { kind: 'hit', hit: row };
  if (row === line) return { kind: 'line' };
  return { kind: 'hit', hit: row - 1 };
}

/** The list row that shows hit `hit`, for scrolling a selection into view. */
export function rowOfHit(hit: number, line: number): number {
  return line >= 0 && hit >= line ? hit + 1 : hit;
}
