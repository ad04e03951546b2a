/** "door, Metal ,, door" -> ["door", "Metal"]: trimmed, empty pieces dropped, duplicates (any case) removed. */
export function parseTagList(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const piece of text.split(',')) {
    const tag = piece.trim().replace(/\s+/g, ' ');
    const key = tag.toLowerCase();
    if (tag.length === 0 || seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}
