// Run-together words split into the words they are made of: "bodyfall" -> body fall, "keyjingle" -> key jingle,
// "glassbottlesmash" -> glass bottle smash. Only words the vocabulary does not know are split, and only into known
// words, so "keyboard" and "footsteps" stay whole and a name like "kenkeni" is left alone.

/** Two-letter words allowed as a part ("hihat" -> hi hat, "powerup" -> power up); other parts need 3 letters. */
const SHORT_PARTS = new Set(['hi', 'up', 'fx', 'ui', 'tv', 'no', 'in', 'on', 'go']);
const MAX_PARTS = 3;

/** A word as the vocabulary may list it: itself, or without a plural or verb ending ("falls", "smashes"). */
export function knownForm(word: string, vocabulary: ReadonlySet<string>): boolean {
  if (vocabulary.has(word)) return true;
  if (word.endsWith('ies') && vocabulary.has(word.slice(0, -3) + 'y')) return true;
  if (word.endsWith('es') && vocabulary.has(word.slice(0, -2))) return true;
  if (word.endsWith('s') && !word.endsWith('ss') && vocabulary.has(word.slice(0, -1))) return true;
  if (word.endsWith('ing') && (vocabulary.has(word.slice(0, -3)) || vocabulary.has(word.slice(0, -3) + 'e')))
    return true;
  return word.endsWith('ed') && (vocabulary.has(word.slice(0, -2)) || vocabulary.has(word.slice(0, -1)));
}

/**
 * The parts of a run-together lower-case word, or [] when it is a known word or splits into no known words. Of all
 * splits, the one with the fewest parts wins, then the one whose shortest part is longest ("keyjingle" is key +
 * jingle, not key + jin + gle).
 */
export function decompound(word: string, vocabulary: ReadonlySet<string>): string[] {
  if (word.length < 5 || !/^\p{Ll}+$/u.test(word) || knownForm(word, vocabulary)) return [];
  const isPart = (part: string) => (part.length >= 3 || SHORT_PARTS.has(part)) && knownForm(part, vocabulary);
  let best: string[] | null = null;
  const better = (a: string[], b: string[] | null) =>
    !b ||
    a.length < b.length ||
    (a.length === b.length && Math.min(...a.map((p) => p.length)) > Math.min(...b.map((p) => p.length)));
  const search = (start: number, parts: string[]) => {
    if (start === word.length) {
      if (parts.length > 1 && better(parts, best)) best = [...parts];
      return;
    }
    if (parts.length === MAX_PARTS) return;
    for (let end = word.length; end > start + 1; end--) {
      const part = word.slice(start, end);
      if (isPart(part)) search(end, [...parts, part]);
    }
  };
  search(0, []);
  return best ?? [];
}
