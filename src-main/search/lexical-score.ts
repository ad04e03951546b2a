// How much of a query a file's words hold, 0-1, comparable across queries: every group of the query (space = AND)
// weighs its IDF, and a group counts fully when the file holds one of its terms as written, less when only by a
// stem or as a part of a run-together word, least through the thesaurus. A BM25 of the same words breaks ties.
import type { KeywordHit } from '../store/keyword-index';
import { fold } from '../words/lexicon';
import { stem } from '../words/stem';
import type { KeywordQuery, QueryTerm } from './keyword-query';

/** What a form of a query word is worth against the word itself. */
export const FORM_WEIGHTS = { exact: 1, stem: 0.8, related: 0.4 } as const;
/** The share of the keyword score that BM25 decides among files holding the same share of the query. */
const BM25_SHARE = 0.1;

export interface LexicalMatch {
  /** 0-1: the IDF-weighted share of the query's groups the file holds (by form weight). */
  held: number;
  /** 0-1: `held` with BM25 folded in, what the keyword ranking sorts by. */
  score: number;
  /** Every group held by a word, a stem or a part (not only through the thesaurus). */
  holdsAll: boolean;
  /** The query words the file holds, as typed. */
  matchedTerms: string[];
}

/** How much a word says: ln(1 + (N - df + 0.5) / (df + 0.5)), as BM25 weighs it. */
export function inverseDocumentFrequency(files: number, holding: number): number {
  return Math.log(1 + (Math.max(files, holding) - holding + 0.5) / (holding + 0.5));
}

/** The index terms whose document counts weigh the query's groups (see store termFrequencies). */
export function weighedTerms(query: KeywordQuery): string[] {
  return query.groups.flat().flatMap((term) => (term.kind === 'word' ? [term.text, term.word.stem] : []));
}

/** One IDF per group: the mean over its terms; a word's document count is that of its commonest form. */
export function groupWeights(query: KeywordQuery, files: number, holding: ReadonlyMap<string, number>): number[] {
  const fallback = inverseDocumentFrequency(files, Math.sqrt(files));
  const idf = (term: QueryTerm) =>
    term.kind === 'word'
      ? inverseDocumentFrequency(files, Math.max(holding.get(term.text) ?? 0, holding.get(term.word.stem) ?? 0))
      : fallback;
  return query.groups.map((group) => group.reduce((sum, term) => sum + idf(term), 0) / group.length);
}

interface DocumentWords {
  exact: Set<string>;
  derived: Set<string>;
  /** Each column's words in order, for phrases. */
  sequences: string[][];
}

function documentWords(hit: KeywordHit): DocumentWords {
  const sequences = [hit.name, hit.folder, hit.meta, hit.tags].map((text) =>
    fold(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
  return { exact: new Set(sequences.flat()), derived: new Set(hit.derived.split(' ')), sequences };
}

function termValue(term: QueryTerm, doc: DocumentWords): number {
  if (term.kind === 'word') {
    if (doc.exact.has(term.text)) return FORM_WEIGHTS.exact;
    if (doc.derived.has(term.word.stem)) return FORM_WEIGHTS.stem;
    return term.word.related.some((word) => doc.derived.has(stem(word))) ? FORM_WEIGHTS.related : 0;
  }
  if (term.kind === 'prefix') {
    for (const word of doc.exact) if (word.startsWith(term.text)) return FORM_WEIGHTS.exact;
    for (const word of doc.derived) if (word.startsWith(term.text)) return FORM_WEIGHTS.stem;
    return 0;
  }
  const n = term.words.length;
  for (const sequence of doc.sequences) {
    for (let i = 0; i + n <= sequence.length; i++) {
      if (term.words.every((word, k) => sequence[i + k] === word)) return FORM_WEIGHTS.exact;
    }
  }
  return 0;
}

/** Each keyword hit's match, keyed by file. `weights`: groupWeights of the same query. */
export function lexicalMatches(
  query: KeywordQuery,
  hits: readonly KeywordHit[],
  weights: readonly number[],
): Map<number, LexicalMatch> {
  const total = weights.reduce((sum, w) => sum + w, 0) || 1;
  const bestBm25 = Math.max(1e-9, ...hits.map((hit) => hit.score));
  const out = new Map<number, LexicalMatch>();
  for (const hit of hits) {
    const doc = documentWords(hit);
    let held = 0;
    let holdsAll = true;
    const matched: string[] = [];
    query.groups.forEach((group, g) => {
      let best = 0;
      for (const term of group) {
        const value = termValue(term, doc);
        if (value > 0)
          matched.push(
            ...(term.kind === 'phrase' ? term.words : [term.kind === 'prefix' ? `${term.text}*` : term.text]),
          );
        best = Math.max(best, value);
      }
      held += weights[g]! * best;
      if (best < FORM_WEIGHTS.stem) holdsAll = false;
    });
    held /= total;
    const score = (1 - BM25_SHARE) * held + BM25_SHARE * (held > 0 ? Math.max(0, hit.score) / bestBm25 : 0);
    out.set(hit.fileId, { held, score, holdsAll: holdsAll && query.groups.length > 0, matchedTerms: matched });
  }
  return out;
}
