// Soundminer-style keyword syntax, read into the groups a file must hold and an FTS5 expression that finds every
// file holding any of them (search/lexical-score.ts then ranks by how much of the query each file holds).
//   space = AND   `OR` between terms   `-word` = NOT   "a phrase"   prefix*
// Every term is re-quoted for FTS5, so user input can never inject FTS5 syntax of its own.
import { createLexicon, fold, queryWord, type Lexicon, type QueryWord } from '../words/lexicon';
import { stem } from '../words/stem';

export type QueryTerm =
  | { kind: 'word'; text: string; word: QueryWord }
  | { kind: 'prefix'; text: string }
  | { kind: 'phrase'; text: string; words: string[] };

export interface KeywordQuery {
  /** FTS5 expression matching every file that holds any form of any positive term, or null when there is none. */
  match: string | null;
  /** FTS5 expression of the negated terms, or null. */
  exclude: string | null;
  /** The positive words, folded, for highlighting and explanation; prefix terms end in `*`. */
  terms: string[];
  /** What the query asks for: every group (space = AND), each satisfied by any of its terms (OR). */
  groups: QueryTerm[][];
  /** Each group as FTS5 (any form of any of its terms) with the index terms that say whether the library has it. */
  groupMatches: { match: string; terms: string[] }[];
}

interface Token {
  text: string;
  negated: boolean;
  phrase: boolean;
  prefix: boolean;
  isOr: boolean;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /(-?)"([^"]*)"?|(\S+)/g;
  for (const m of input.matchAll(pattern)) {
    if (m[2] !== undefined) {
      const text = m[2].trim();
      if (text) tokens.push({ text, negated: m[1] === '-', phrase: true, prefix: false, isOr: false });
      continue;
    }
    let word = m[3]!;
    if (word === 'OR' || word === '|') {
      tokens.push({ text: 'OR', negated: false, phrase: false, prefix: false, isOr: true });
      continue;
    }
    const negated = word.startsWith('-') && word.length > 1;
    if (negated) word = word.slice(1);
    const prefix = word.endsWith('*') && word.length > 1;
    if (prefix) word = word.replace(/\*+$/, '');
    if (word.replace(/[^\p{L}\p{N}]/gu, '') === '') continue;
    tokens.push({ text: word, negated, phrase: false, prefix, isOr: false });
  }
  return tokens;
}

/** An FTS5 string: " escaped by doubling it. */
function quoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

// Words that carry no sound. Dropped from a query that has other words: "footsteps on gravel" must not require
// every file to contain "on". Quoted phrases keep them.
export const STOPWORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'on',
  'in',
  'at',
  'to',
  'and',
  'with',
  'for',
  'from',
  'by',
  'is',
  'some',
  'sound',
  'sounds',
]);

const wordsOf = (text: string) =>
  fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** The terms one token stands for: a phrase, a prefix, or its words ("hi-hat" is the words hi and hat). */
function termsOf(token: Token, lexicon: Lexicon): QueryTerm[] {
  const words = wordsOf(token.text);
  if (token.phrase && words.length > 1) return [{ kind: 'phrase', text: words.join(' '), words }];
  if (token.prefix && words.length === 1) return [{ kind: 'prefix', text: words[0]! }];
  return words.map((word) => ({ kind: 'word', text: word, word: queryWord(word, lexicon) }));
}

/** FTS5 for any form of a term: the word itself (any column), its stem and its thesaurus words (derived forms). */
function ftsOf(term: QueryTerm): string {
  if (term.kind === 'phrase') return quoted(term.text);
  if (term.kind === 'prefix') return `${quoted(term.text)} *`;
  const stems = new Set([term.word.stem, ...term.word.related.map(stem)]);
  return [quoted(term.text), ...[...stems].map((s) => `derived : ${quoted(s)}`)].join(' OR ');
}

export function parseKeywordQuery(input: string, lexicon: Lexicon = createLexicon(null)): KeywordQuery {
  const all = tokenize(input);
  const meaningful = all.filter((t) => t.isOr || t.phrase || t.negated || !STOPWORDS.has(t.text.toLowerCase()));
  const tokens = meaningful.some((t) => !t.isOr && !t.negated) ? meaningful : all;
  const groups: QueryTerm[][] = [];
  const negated: string[] = [];
  let joinNext = false;
  for (const token of tokens) {
    if (token.isOr) {
      joinNext = groups.length > 0;
      continue;
    }
    if (token.negated) {
      negated.push(token.prefix ? `${quoted(token.text)} *` : quoted(token.text));
      joinNext = false;
      continue;
    }
    const terms = termsOf(token, lexicon);
    if (terms.length === 0) continue;
    // "kick OR snare hard": the OR binds the neighbours; a hyphenated word's other parts are groups of their own.
    if (joinNext) groups[groups.length - 1]!.push(terms[0]!);
    else groups.push([terms[0]!]);
    for (const term of terms.slice(1)) groups.push([term]);
    joinNext = false;
  }
  const flat = groups.flat();
  const match = flat.length ? [...new Set(flat.map(ftsOf))].map((f) => `(${f})`).join(' OR ') : null;
  const exclude = negated.length ? negated.join(' OR ') : null;
  const terms = flat.flatMap((term) =>
    term.kind === 'phrase' ? term.words : term.kind === 'prefix' ? [`${term.text}*`] : [term.text],
  );
  const groupMatches = groups.map((group) => ({
    match: group.map((term) => `(${ftsOf(term)})`).join(' OR '),
    terms: group.flatMap((term) => (term.kind === 'word' ? [term.text, term.word.stem] : [])),
  }));
  return { match, exclude, terms: [...new Set(terms)], groups, groupMatches };
}
