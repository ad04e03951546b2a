// Reading the log of analysis changes (migration 8's triggers fill it): what a cache of the analysed files needs
// to catch up with the database in time proportional to what changed, not to the library.
import type { Db } from './database';
import { stmt } from './statements';

/** Entries kept when pruning: a reader this far behind lists every version once instead. */
const KEPT_ENTRIES = 100_000;

/** The last entry's number (0 before any): it moves whenever an analysed file is added, re-analysed or dropped. */
export function analysisChangeSeq(db: Db): number {
  // AUTOINCREMENT keeps the highest number ever given in sqlite_sequence, even once pruning emptied the table.
  return (
    (stmt(db, "SELECT seq FROM sqlite_sequence WHERE name = 'analysis_changes'").pluck().get() as number | undefined) ??
    0
  );
}

export interface AnalysisChanges {
  /** The last entry read: pass it next time. */
  seq: number;
  /** Each file logged since, with its version now (analysed_at), or null when it is no longer analysed. */
  files: Map<number, number | null>;
}

/**
 * The files logged after entry `since`, or null when the log cannot say (entries after `since` were pruned, or
 * more than `limit` files changed): the caller then compares every file's version.
 */
export function analysisChangesSince(db: Db, since: number, limit: number): AnalysisChanges | null {
  const last = analysisChangeSeq(db);
  if (last <= since) return { seq: since, files: new Map() };
  const oldest = stmt(db, 'SELECT MIN(seq) FROM analysis_changes').pluck().get() as number | null;
  if (oldest === null || oldest > since + 1) return null; // entries after `since` were pruned
  const rows = stmt(
    db,
    `SELECT c.file_id AS id, MAX(c.seq) AS seq,
            CASE WHEN f.status = 'analysed' THEN COALESCE(f.analysed_at, 0) END AS version
       FROM analysis_changes c LEFT JOIN files f ON f.id = c.file_id
      WHERE c.seq > ? GROUP BY c.file_id LIMIT ?`,
  ).all(since, limit + 1) as { id: number; seq: number; version: number | null }[];
  if (rows.length > limit) return null;
  let seq = since;
  const files = new Map<number, number | null>();
  for (const row of rows) {
    files.set(row.id, row.version);
    if (row.seq > seq) seq = row.seq;
  }
  return { seq, files };
}

/** Drops all but the newest KEPT_ENTRIES entries (the writer calls it now and then, e.g. after an index run). */
export function pruneAnalysisChanges(db: Db, kept = KEPT_ENTRIES): number {
  return stmt(db, 'DELETE FROM analysis_changes WHERE seq <= ?').run(analysisChangeSeq(db) - kept).changes;
}

export interface HeldChanges {
  /** New or re-analysed since the versions held: with their versions now. */
  fresh: number[];
  versions: Map<number, number>;
  /** Held, and no longer analysed. */
  gone: number[];
}

/** What the logged files mean for a cache holding `held` versions (an entry may repeat what it already holds). */
export function changesAgainst(changes: AnalysisChanges, held: ReadonlyMap<number, number>): HeldChanges {
  const fresh: number[] = [];
  const gone: number[] = [];
  const versions = new Map<number, number>();
  for (const [fileId, version] of changes.files) {
    if (version === null) {
      if (held.has(fileId)) gone.push(fileId);
    } else if (held.get(fileId) !== version) {
      fresh.push(fileId);
      versions.set(fileId, version);
    }
  }
  return { fresh, gone, versions };
}
