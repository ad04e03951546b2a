// What the Universal Category System knows about words: a CatID in a name stands for its category and
// subcategory ("DOORWood" -> door wood), and each subcategory's synonyms point back to it ("sedan" -> car), which
// is the thesaurus query words are widened with (at a lower weight than the words themselves).
import type { UcsEntry, UcsTable } from '../metadata/ucs';

/** Subcategory names that say nothing about the sound. */
const GENERIC = new Set(['misc', 'general', 'miscellaneous', 'other', 'designed', 'various']);
/** A synonym listed under more subcategories than this is too vague to point to any of them. */
const MAX_SENSES = 3;

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1 && !GENERIC.has(word));
}

function entryWords(entry: UcsEntry): string[] {
  return [...new Set(wordsOf(`${entry.category} ${entry.subCategory}`))];
}

/**
 * What a synonym of an entry means: its subcategory ("sedan" -> car), or its category where the subcategory says
 * nothing (MISC). The category of a specific subcategory is a context, not a meaning: "cloth" is listed under
 * RAIN / CLOTH (rain on cloth) and means no rain.
 */
function meaningWords(entry: UcsEntry): string[] {
  const sub = wordsOf(entry.subCategory);
  return sub.length ? sub : wordsOf(entry.category);
}

/** The category and subcategory words of a CatID written in a name or field ("doorwood" too), or []. */
export function catIdWords(token: string, table: UcsTable | null): string[] {
  const entry = table?.byCatId.get(token) ?? table?.byLowerCatId.get(token.toLowerCase());
  return entry ? entryWords(entry) : [];
}

const thesauri = new WeakMap<UcsTable, Map<string, string[]>>();

/** Query word -> the category and subcategory words of the few subcategories that list it as a synonym. */
export function ucsThesaurus(table: UcsTable): ReadonlyMap<string, string[]> {
  let thesaurus = thesauri.get(table);
  if (thesaurus) return thesaurus;
  const senses = new Map<string, UcsEntry[]>();
  for (const entry of table.entries) {
    for (const synonym of entry.synonyms) {
      const word = synonym.toLowerCase();
      if (!/^\p{L}+$/u.test(word)) continue;
      const list = senses.get(word) ?? [];
      list.push(entry);
      senses.set(word, list);
    }
  }
  thesaurus = new Map();
  for (const [word, entries] of senses) {
    if (entries.length > MAX_SENSES) continue;
    const related = new Set(entries.flatMap(meaningWords));
    related.delete(word);
    if (related.size) thesaurus.set(word, [...related]);
  }
  thesauri.set(table, thesaurus);
  return thesaurus;
}
