// The words a file is found by, and the forms a query word is looked up in. Index side: the words as written
// (name, folder, metadata, tags) and a derived column of stems: of every word, of the parts of run-together words,
// of neighbouring words joined ("Key_Jingle" is also found as "keyjingle"), and of the category words of a UCS
// CatID. Query side: each word exactly, by its stem, and through the thesaurus. An exact word counts most (see
// search/lexical-score.ts).
import type { UcsTable } from '../metadata/ucs';
import { decompound } from './decompound';
import { englishWords } from './english';
import { readingWords, separatedParts, splitWords } from './split';
import { stem } from './stem';
import { catIdWords, ucsThesaurus } from './ucs-words';

/**
 * Bumped whenever what a document holds changes, so that libraries indexed by an older Hark are re-indexed on
 * open (store/keyword-index.ts).
 */
export const LEXICON_VERSION = 2;

export interface Lexicon {
  /** The UCS table, when installed: CatIDs in names and the thesaurus. */
  readonly ucs: UcsTable | null;
  /** Known words that run-together words split into (loaded on first use). */
  vocabulary(): ReadonlySet<string>;
}

export function createLexicon(ucs: UcsTable | null = null): Lexicon {
  return { ucs, vocabulary: englishWords };
}

export interface KeywordFields {
  /** The file name without its extension. */
  name: string;
  /** The library folder's own name and the folders below it. */
  folder: string;
  meta: string[];
  tags: string[];
}

export interface KeywordDocument {
  name: string;
  folder: string;
  meta: string;
  tags: string;
  /** Stems of every derived form, space-separated. */
  derived: string;
}

/** Fold case and accents the way the index tokenizer does ("Café" and "cafe" are one word). */
export function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function keywordDocument(fields: KeywordFields, lexicon: Lexicon): KeywordDocument {
  const vocabulary = lexicon.vocabulary();
  const derived = new Set<string>();
  const add = (word: string) => {
    if (/\p{L}/u.test(word)) derived.add(stem(fold(word)));
  };
  const texts = [fields.name, fields.folder, ...fields.meta, ...fields.tags];
  texts.forEach((text, t) => {
    for (const part of separatedParts(text)) for (const word of catIdWords(part, lexicon.ucs)) add(word);
    const words = readingWords(text).map(fold);
    // Neighbours are joined only in names and folders, where "Key_Jingle" may be typed "keyjingle".
    const joinNeighbours = t < 2;
    words.forEach((word, i) => {
      add(word);
      for (const piece of decompound(word, vocabulary)) add(piece);
      const next = words[i + 1];
      if (joinNeighbours && next && /^\p{L}+$/u.test(word) && /^\p{L}+$/u.test(next)) add(word + next);
    });
  });
  const written = (text: string) => splitWords(text).join(' ');
  return {
    name: written(fields.name),
    folder: written(fields.folder),
    meta: fields.meta.map(written).join(' \n '),
    tags: fields.tags.map(written).join(' \n '),
    derived: [...derived].join(' '),
  };
}

export interface QueryWord {
  /** As typed, folded. */
  word: string;
  stem: string;
  /** Thesaurus words (folded), each looked up by its stem. */
  related: string[];
}

export function queryWord(typed: string, lexicon: Lexicon): QueryWord {
  const word = fold(typed);
  const related = lexicon.ucs ? (ucsThesaurus(lexicon.ucs).get(word) ?? []) : [];
  return { word, stem: stem(word), related: related.filter((other) => stem(other) !== stem(word)) };
}
