import type { Db } from './database';
import { stmt } from './statements';

/**
 * Splits names the way sound libraries write them so each word is findable:
 * "KickDrum_01-Hard.wav" -> "KickDrum 01 Hard Kick Drum". The original form stays too, so "kickdrum" still matches.
 */
export function searchableWords(text: string): string {
  const parts = text.split(/[\s_\-.,()[\]{}+]+/).filter(Boolean);
  const split = parts.flatMap((part) =>
    part
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/([A-Za-z])(\d)/g, '$1 $2')
      .replace(/(\d)([A-Za-z])/g, '$1 $2')
      .split(' '),
  );
  const extra = split.filter((word) => !parts.includes(word));
  return [...parts, ...extra].join(' ');
}

/** Rebuilds one file's row of the keyword index from its name, folder, metadata and user tags. */
export function refreshKeywordIndex(db: Db, fileId: number): void {
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
  const stem = file.name.replace(/\.[^.]+$/, '');
  const relativeFolder = file.folder.startsWith(file.root) ? file.folder.slice(file.root.length) : file.folder;
  const rootName = file.root.split(/[\\/]/).filter(Boolean).pop() ?? '';
  stmt(db, 'INSERT INTO files_fts (rowid, name, folder, meta, tags) VALUES (?, ?, ?, ?, ?)').run(
    fileId,
    searchableWords(stem),
    searchableWords(`${rootName} ${relativeFolder}`),
    [...new Set(values)].join(' \n '),
    tags.join(' \n '),
  );
}

export interface KeywordHit {
  fileId: number;
  /** bm25 turned so that higher is better. */
  score: number;
}

// Column weights: a word in the file name says more than one in a folder or a comment.
const BM25 = 'bm25(files_fts, 10.0, 3.0, 5.0, 6.0)';

/** Runs an FTS5 MATCH expression (built by search/keyword-query). `exclude`, when given, removes its matches. */
export function keywordSearch(db: Db, match: string | null, exclude: string | null, limit: number): KeywordHit[] {
  if (match === null && exclude === null) return [];
  if (match === null) {
    // Only negative terms ("-music"): everything except what they match, in name order.
    return db
      .prepare(
        `SELECT id AS fileId, 0 AS score FROM files
           WHERE id NOT IN (SELECT rowid FROM files_fts WHERE files_fts MATCH ?) ORDER BY name LIMIT ?`,
      )
      .all(exclude, limit) as KeywordHit[];
  }
  const expression = exclude === null ? match : `(${match}) NOT (${exclude})`;
  const rows = db
    .prepare(
      `SELECT rowid AS fileId, -${BM25} AS score FROM files_fts WHERE files_fts MATCH ? ORDER BY ${BM25} LIMIT ?`,
    )
    .all(expression, limit) as KeywordHit[];
  return rows;
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
