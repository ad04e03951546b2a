// The count a person reads above the results: how many files match (never the size of the library), and how many
// weaker matches are listed after the line. Browsing without words counts the files that pass the filters.

export interface ResultCount {
  total: number;
  belowLine: number;
  /** Whether words were searched for (matches) or the library is being browsed (sounds). */
  query: boolean;
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** "12 matches", "1 match", "920 sounds" (browsing). */
export function countWords({ total, query }: ResultCount): string {
  return query ? plural(total, 'match', 'matches') : plural(total, 'sound', 'sounds');
}

/** "3 weaker matches below", or '' when there are none. */
export function belowLineWords({ belowLine }: ResultCount): string {
  return belowLine > 0 ? `${plural(belowLine, 'weaker match', 'weaker matches')} below` : '';
}

/** The list's accessible name: "Results, 12 matches, 3 weaker matches below". */
export function listLabel(count: ResultCount): string {
  return ['Results', countWords(count), belowLineWords(count)].filter(Boolean).join(', ');
}
