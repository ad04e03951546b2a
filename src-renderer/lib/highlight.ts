// Shows which query words matched a name or folder: the text split into plain and matched pieces.

export interface TextPiece {
  text: string;
  match: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits `text` around every (case-insensitive) occurrence of any term; longer terms win where they overlap. */
export function highlightPieces(text: string, terms: readonly string[]): TextPiece[] {
  const cleaned = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length > 0))];
  if (text.length === 0) return [];
  if (cleaned.length === 0) return [{ text, match: false }];
  cleaned.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(cleaned.map(escapeRegExp).join('|'), 'gi');
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const found of text.matchAll(pattern)) {
    const at = found.index ?? 0;
    if (found[0].length === 0) continue;
    if (at > last) pieces.push({ text: text.slice(last, at), match: false });
    pieces.push({ text: found[0], match: true });
    last = at + found[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), match: false });
  return pieces;
}

/** The query's words, for highlighting when the service gives no matched terms of its own. */
export function queryWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1);
}
