import { sep } from 'node:path';
import type { FailedFile } from '../api/contract';
import type { Db } from './database';

/** Records a problem that has no file row of its own (an unreadable folder, a file gone mid-scan). */
export function recordProblem(db: Db, path: string, stage: FailedFile['stage'], reason: string): void {
  db.prepare('INSERT INTO scan_problems (path, stage, reason, at) VALUES (?, ?, ?, ?)').run(
    path,
    stage,
    reason,
    Date.now(),
  );
}

export function clearProblemsUnder(db: Db, rootPath: string): void {
  db.prepare("DELETE FROM scan_problems WHERE path = ? OR path LIKE ? ESCAPE '\\'").run(rootPath, likePrefix(rootPath));
}

/**
 * Failed files (by path), then scan problems (newest first), in one order that stays put from page to page.
 * Without a limit, every one of them.
 */
/** Problems the last catalogue pass of a root recorded under it (unreadable folders, files that vanished mid-scan). */
export function countProblemsUnder(db: Db, rootPath: string): number {
  return (
    db
      .prepare("SELECT count(*) AS n FROM scan_problems WHERE path = ? OR path LIKE ? ESCAPE '\\'")
      .get(rootPath, likePrefix(rootPath)) as { n: number }
  ).n;
}

export function listFailures(db: Db, page: { limit?: number; offset?: number } = {}): FailedFile[] {
  return db
    .prepare(
      `SELECT id, path, stage, reason, at FROM (
         SELECT 0 AS kind, id, path, error_stage AS stage, error AS reason, COALESCE(analysed_at, 0) AS at, id AS seq
         FROM files WHERE status = 'failed'
         UNION ALL
         SELECT 1 AS kind, NULL AS id, path, stage, reason, at, id AS seq FROM scan_problems
       )
       ORDER BY kind, CASE kind WHEN 0 THEN path END, at DESC, seq DESC
       LIMIT ? OFFSET ?`,
    )
    .all(page.limit ?? -1, page.offset ?? 0) as FailedFile[];
}

/** How many failed files and scan problems there are in all. */
export function countFailures(db: Db): number {
  const row = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM files WHERE status = 'failed') + (SELECT COUNT(*) FROM scan_problems) AS total`,
    )
    .get() as { total: number };
  return row.total;
}

/** A LIKE pattern matching everything below a folder, with LIKE's wildcards escaped. */
export function likePrefix(folder: string): string {
  const escaped = folder.replace(/[\\%_]/g, (c) => '\\' + c);
  const separator = sep === '\\' ? '\\\\' : sep;
  return escaped.endsWith(separator) ? escaped + '%' : escaped + separator + '%';
}
