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

/** Failed files and scan problems together, newest first. */
export function listFailures(db: Db, limit = 1000): FailedFile[] {
  const files = db
    .prepare(
      `SELECT id, path, error_stage AS stage, error AS reason, COALESCE(analysed_at, 0) AS at
       FROM files WHERE status = 'failed' ORDER BY path LIMIT ?`,
    )
    .all(limit) as FailedFile[];
  const others = db
    .prepare('SELECT NULL AS id, path, stage, reason, at FROM scan_problems ORDER BY at DESC LIMIT ?')
    .all(limit) as FailedFile[];
  return [...files, ...others].slice(0, limit);
}

/** A LIKE pattern matching everything below a folder, with LIKE's wildcards escaped. */
export function likePrefix(folder: string): string {
  const escaped = folder.replace(/[\\%_]/g, (c) => '\\' + c);
  const separator = sep === '\\' ? '\\\\' : sep;
  return escaped.endsWith(separator) ? escaped + '%' : escaped + separator + '%';
}
