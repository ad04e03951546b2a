import type { AnalysisStatus } from '../api/contract';
import { keywordDocument, LEXICON_VERSION, createLexicon, type Lexicon } from '../words/lexicon';
import type { Db } from './database';
import { readNote, writeNote } from './settings';
import { stmt } from './statements';

// Which lexicon builds each library's keyword rows: set when the app opens the library (useLexicon). A connection
// opened without one (tools, tests) writes rows with the plain lexicon (no UCS table) and records nothing; the
// app's next open finds the recorded lexicon unchanged or rebuilds.
const lexicons = new WeakMap<Db, Lexicon>();
const PLAIN = createLexicon(null);

function lexiconOf(db: Db): Lexicon {
  return lexicons.get(db) ?? PLAIN;
}

function lexiconStamp(lexicon: Lexicon): string {
  return `${LEXICON_VERSION}/${lexicon.ucs ? `ucs-${lexicon.ucs.version || 'unversioned'}` : 'no-ucs'}`;
}

/**
 * Uses `lexicon` for this library's keyword rows from now on. Rows built by another lexicon (an older Hark, or
 * the UCS table installed since) are rebuilt now, in one transaction; returns how many.
 */
export function useLexicon(db: Db, lexicon: Lexicon, onRebuild?: (files: number) => void): number {
  lexicons.set(db, lexicon);
  const stamp = lexiconStamp(lexicon);
  if (db.readonly || readNote(db, 'keywordIndex') === stamp) return 0;
  let rebuilt = 0;
  db.transaction(() => {
    const files = stmt(db, 'SELECT count(*) FROM files').pluck().get() as number;
    if (files > 0) onRebuild?.(files);
    rebuilt = rebuildKeywordIndex(db);
    writeNote(db, 'keywordIndex', stamp);
  })();
  return rebuilt;
}

/** Rebuilds every file's keyword row (inside the caller's transaction, if any). */
export function rebuildKeywordIndex(db: Db): number {
  const ids = stmt(db, 'SELECT id FROM files ORDER BY id').pluck().all() as number[];
  stmt(db, 'DELETE FROM files_fts').run();
  for (const id of ids) refreshKeywordIndex(db, id);
  return ids.length;
}

/** Rebuilds one file's row of the keyword index from its name, folder, metadata and user tags. */
export function refreshKeywordIndex(db: Db, fileId: number): void {
  const lexicon = lexiconOf(db);
  const file = stmt(
    db,
    'SELECT f.name, f.folder, r.path AS root FROM files f JOIN roots r ON r.id = f.root_id WHERE f.id = ?',
  ).get(fileId) as { name: string; folder: string; root: string } | undefined;
  stmt(db, 'DELETE FROM files_fts WHERE rowid = ?').run(fileId);
  if (!file) return;
  const values = stmt(db, 'SELECT value FROM metadata WHERE file_id = ?').pluck().all(fileId) as string[];
  const tags = stmt(db, 'SELECT tag FROM user_tags WHERE file_id = ?').pluck().all(fileId) as string[];
  // A caption (written by a person, or Hark's suggestion kept in the library) is searchable like file metadata.
  const caption = stmt(db, 'SELECT description, keywords FROM captions WHERE file_id = ?').get(fileId) as
    { description: string; keywords: string } | undefined;
  if (caption) values.push(caption.description, caption.keywords);
  const relativeFolder = file.folder.startsWith(file.root) ? file.folder.slice(file.root.length) : file.folder;
  const rootName = file.root.split(/[\\/]/).filter(Boolean).pop() ?? '';
  const doc = keywordDocument(
    {
      name: file.name.replace(/\.[^.]+$/, ''),
      folder: `${rootName} ${relativeFolder}`,
      meta: [...new Set(values)],
      tags,
    },
    lexicon,
  );
  stmt(db, 'INSERT INTO files_fts (rowid, name, folder, meta, tags, derived) VALUES (?, ?, ?, ?, ?, ?)').run(
    fileId,
    doc.name,
    doc.folder,
    doc.meta,
    doc.tags,
    doc.derived,
  );
}

export interface KeywordHit {
  fileId: number;
  /** bm25 turned so that higher is better. */
  score: number;
  /** The indexed text, to tell which query words the file holds and how (search/lexical-score.ts). */
  name: string;
  folder: string;
  meta: string;
  tags: string;
  derived: string;
  status: AnalysisStatus;
  /** Its audio failed to decode (not a model failure): it cannot be played. */
  unreadable: boolean;
}

// Column weights: a word in the file name says more than one in a folder or a comment; a derived form (a stem, a
// part of a run-together word) least.
const BM25 = 'bm25(files_fts, 10.0, 3.0, 5.0, 6.0, 2.0)';

/**
 * Runs an FTS5 MATCH expression (built by search/keyword-query). `exclude`, when given, removes its matches. The
 * best `limit` by BM25, with their text and analysis state; none without a positive term.
 */
export function keywordSearch(db: Db, match: string | null, exclude: string | null, limit: number): KeywordHit[] {
  // A query of `-words` only is a browse less their files (search/searcher.ts), never a keyword search.
  if (match === null) return [];
  const columns = `f.status, f.status = 'failed' AND COALESCE(f.error_stage, '') != 'analysis' AS unreadable`;
  const expression = exclude === null ? match : `(${match}) NOT (${exclude})`;
  const rows = db
    .prepare(
      `SELECT best.fileId, best.score, t.name, t.folder, t.meta, t.tags, t.derived, ${columns}
         FROM (SELECT rowid AS fileId, -${BM25} AS score FROM files_fts WHERE files_fts MATCH ?
                 ORDER BY ${BM25} LIMIT ?) best
         JOIN files_fts t ON t.rowid = best.fileId
         JOIN files f ON f.id = best.fileId
         ORDER BY best.score DESC`,
    )
    .all(expression, limit) as (KeywordHit & { unreadable: number })[];
  return rows.map(withBoolean);
}

function withBoolean(row: KeywordHit & { unreadable: number | boolean }): KeywordHit {
  return { ...row, unreadable: Boolean(row.unreadable) };
}

export interface KeywordAsk {
  /** FTS5 expressions built by search/keyword-query. */
  match: string | null;
  exclude: string | null;
  /** How many of the best hits to return with their text. */
  limit: number;
  /** Index terms whose document counts are wanted (for IDF). */
  terms: readonly string[];
  /**
   * The query's groups (space = AND), each an FTS5 expression and the terms that tell whether any file holds it.
   * With two or more, the files holding every group the library has are ranked first, and the costlier ranking of
   * every file holding any word is done only when they are fewer than `limit`.
   */
  groups?: readonly { match: string; terms: readonly string[] }[];
  /** Above this many matching files, they are not all ranked by BM25 (default BM25_RANK_LIMIT). */
  rankLimit?: number;
  /**
   * Words each of which alone makes a file match `match` (the query's plain words): the most files any of them is
   * in is a floor under the count of matching files. With `countLater`, a floor above the rank limit answers for
   * the count (`matchingIsFloor`), and the exact count is left to a second ask with `countOnly`, which the keyword
   * thread answers while the caller fuses the hits (counting 100k matches of a common word costs 4-13 ms).
   */
  wordTerms?: readonly string[];
  countLater?: boolean;
  /** Only count the files matching (`matching`; no hits, no term counts). */
  countOnly?: boolean;
}

/** How many matching files a query ranks by BM25 at most (about 3 ms of SQLite); beyond, see keywordAnswer. */
export const BM25_RANK_LIMIT = 3000;

export interface KeywordAnswer {
  hits: KeywordHit[];
  /** How many files the expression matches in all (more than `hits` when the limit cut them). */
  matching: number;
  files: number;
  holding: Map<string, number>;
  /** True when `matching` is only a floor (the ask's countLater): a countOnly ask gives the exact number. */
  matchingIsFloor?: boolean;
}

/** One keyword search with what scoring it needs: the best hits, how many there are, and the terms' counts. */
export function keywordAnswer(db: Db, ask: KeywordAsk): KeywordAnswer {
  if (ask.countOnly) return { hits: [], matching: countMatching(db, ask), files: 0, holding: new Map() };
  const frequencies = termFrequencies(db, ask.terms);
  const without = (match: string) => (ask.exclude === null ? match : `(${match}) NOT (${ask.exclude})`);
  // An exclusion may take any file away: then no word's count is a floor.
  const floor =
    ask.exclude === null ? Math.max(0, ...(ask.wordTerms ?? []).map((term) => frequencies.holding.get(term) ?? 0)) : 0;
  const countLater = ask.countLater === true && floor > (ask.rankLimit ?? BM25_RANK_LIMIT);
  const matching = countLater ? floor : countMatching(db, ask);
  // A group no file holds (a word of a description) cannot be held by anyone: it does not narrow the first pass.
  const present = (ask.groups ?? []).filter(
    (group) => group.terms.length === 0 || group.terms.some((term) => (frequencies.holding.get(term) ?? 0) > 0),
  );
  const all = present.length > 1 ? present.map((group) => `(${group.match})`).join(' AND ') : null;
  // (Exclusions alone are not counted: every file they leave matches, and the hits returned are a page of them.)
  const answer = (hits: KeywordHit[]) => ({
    hits,
    matching: Math.max(matching, hits.length),
    ...frequencies,
    ...(countLater && { matchingIsFloor: true }),
  });
  if (ask.match !== null && matching > (ask.rankLimit ?? BM25_RANK_LIMIT)) {
    // Too many files hold the words to rank them all by BM25 (about 1 µs a file). The candidates are the best
    // files holding every group, then up to `limit` files of each group: all of a rare word's, some of a common
    // word's. How much of the query each holds is scored from their text all the same (search/lexical-score.ts).
    const best = all === null ? [] : keywordSearch(db, all, ask.exclude, ask.limit);
    const taken = new Set(best.map((hit) => hit.fileId));
    const more: number[] = [];
    const groupFiles = db.prepare('SELECT rowid FROM files_fts WHERE files_fts MATCH ? LIMIT ?').pluck();
    for (const group of present.length ? present : [{ match: ask.match }]) {
      for (const id of groupFiles.all(without(group.match), ask.limit) as number[]) {
        if (!taken.has(id)) more.push(id);
        taken.add(id);
      }
    }
    return answer([...best, ...keywordRows(db, more)]);
  }
  if (all !== null) {
    const hits = keywordSearch(db, all, ask.exclude, ask.limit);
    if (hits.length === ask.limit) return answer(hits);
  }
  return answer(keywordSearch(db, ask.match, ask.exclude, ask.limit));
}

/** How many files the ask's expression matches, less those its exclusion takes away; 0 without one. */
function countMatching(db: Db, ask: KeywordAsk): number {
  if (ask.match === null) return 0;
  const expression = ask.exclude === null ? ask.match : `(${ask.match}) NOT (${ask.exclude})`;
  return stmt(db, 'SELECT count(*) FROM files_fts WHERE files_fts MATCH ?').pluck().get(expression) as number;
}

/** Keyword rows of the given files (for the model's best files that the keyword search did not return). */
export function keywordRows(db: Db, fileIds: readonly number[]): KeywordHit[] {
  const rows = stmt(
    db,
    `SELECT t.rowid AS fileId, 0 AS score, t.name, t.folder, t.meta, t.tags, t.derived, f.status,
            f.status = 'failed' AND COALESCE(f.error_stage, '') != 'analysis' AS unreadable
       FROM files_fts t JOIN files f ON f.id = t.rowid WHERE t.rowid IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(fileIds)) as (KeywordHit & { unreadable: number })[];
  return rows.map(withBoolean);
}

/** How many files hold each term (in any column), and how many files there are: the inputs of a word's IDF. */
export function termFrequencies(db: Db, terms: readonly string[]): { files: number; holding: Map<string, number> } {
  const rows = stmt(db, 'SELECT term, doc FROM files_fts_terms WHERE term IN (SELECT value FROM json_each(?))').all(
    JSON.stringify([...new Set(terms)]),
  ) as { term: string; doc: number }[];
  const files = stmt(db, 'SELECT n FROM file_count').pluck().get() as number;
  return { files, holding: new Map(rows.map((row) => [row.term, row.doc])) };
}

/** The indexed text of each file (one statement), to tell the user which of their words matched; '' when none. */
export function indexedTexts(db: Db, fileIds: readonly number[]): Map<number, string> {
  const rows = stmt(
    db,
    'SELECT rowid AS id, name, folder, meta, tags FROM files_fts WHERE rowid IN (SELECT value FROM json_each(?))',
  ).all(JSON.stringify(fileIds)) as { id: number; name: string; folder: string; meta: string; tags: string }[];
  const out = new Map<number, string>(fileIds.map((id) => [id, '']));
  for (const row of rows) out.set(row.id, `${row.name} ${row.folder} ${row.meta} ${row.tags}`);
  return out;
}
