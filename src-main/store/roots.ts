import type { LibraryRoot } from '../api/contract';
import type { Db } from './database';
import { likePrefix } from './problems';

interface RootRow {
  id: number;
  path: string;
  added_at: number;
  file_count: number;
}

const toRoot = (row: RootRow): LibraryRoot => ({
  id: row.id,
  path: row.path,
  addedAt: row.added_at,
  fileCount: row.file_count,
});

export function listRoots(db: Db): LibraryRoot[] {
  const rows = db
    .prepare(
      `SELECT r.id, r.path, r.added_at, (SELECT COUNT(*) FROM files f WHERE f.root_id = r.id) AS file_count
       FROM roots r ORDER BY r.path`,
    )
    .all() as RootRow[];
  return rows.map(toRoot);
}

export function findRoot(db: Db, path: string): LibraryRoot | undefined {
  return listRoots(db).find((root) => root.path === path);
}

export function insertRoot(db: Db, path: string): LibraryRoot {
  db.prepare('INSERT OR IGNORE INTO roots (path, added_at) VALUES (?, ?)').run(path, Date.now());
  return findRoot(db, path)!;
}

/**
 * Adds a root that contains the roots `innerIds`: it takes over their files (keeping their analysis) and any other
 * file under its path, and the inner roots go, all in one transaction.
 */
export function insertRootAbsorbing(db: Db, path: string, innerIds: readonly number[]): LibraryRoot {
  return db.transaction(() => {
    const root = insertRoot(db, path);
    for (const innerId of innerIds) {
      db.prepare('UPDATE files SET root_id = ? WHERE root_id = ?').run(root.id, innerId);
      db.prepare('DELETE FROM roots WHERE id = ?').run(innerId);
    }
    db.prepare("UPDATE files SET root_id = ? WHERE path LIKE ? ESCAPE '\\'").run(root.id, likePrefix(path));
    return findRoot(db, path)!;
  })();
}

/** Removing a root forgets its files (cascade) and their keyword index rows. */
export function deleteRoot(db: Db, path: string): boolean {
  return db.transaction(() => {
    const root = db.prepare('SELECT id FROM roots WHERE path = ?').get(path) as { id: number } | undefined;
    if (!root) return false;
    db.prepare('DELETE FROM files_fts WHERE rowid IN (SELECT id FROM files WHERE root_id = ?)').run(root.id);
    db.prepare('DELETE FROM roots WHERE id = ?').run(root.id);
    return true;
  })();
}
