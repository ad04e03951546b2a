// English stemming (the Porter algorithm, the same one SQLite's FTS5 `porter` tokenizer uses) on lower-cased
// words. Stems are only ever compared with stems: "zippers" and "zipper" both become "zipper".
import { stemmer } from 'stemmer';

const cache = new Map<string, string>();

export function stem(word: string): string {
  const lower = word.toLowerCase();
  let stemmed = cache.get(lower);
  if (stemmed === undefined) {
    // Digits and one- or two-letter words stay as they are: "02", "fx".
    stemmed = lower.length <= 2 || /\p{N}/u.test(lower) ? lower : stemmer(lower);
    if (cache.size > 50_000) cache.clear();
    cache.set(lower, stemmed);
  }
  return stemmed;
}
