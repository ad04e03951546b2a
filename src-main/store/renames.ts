import { basename, dirname } from 'node:path';
import type { RenameRecord } from '../api/contract';
import type { Db } from './database';
import type { UcsTable } from '../metadata/ucs';
import { ucsKeysForName } from './file-category';
import { refreshKeywordIndex } from './keyword-index';

export type { RenameRecord };

interface RenameRow {
  id: number;
  batch: number;
  file_id: number | null;
  from_path: string;
  to_path: string;
  at: number;
  undone_at: number | null;
}

const fromRow = (row: RenameRow): RenameRecord => ({
  id: row.id,
  batch: row.batch,
  fileId: row.file_id,
  fromPath: row.from_path,
  toPath: row.to_path,
  at: row.at,
  undoneAt: row.undone_at,
});

/** A new batch number: one more than any used so far. */
export function nextRenameBatch(db: Db): number {
  const row = db.prepare('SELECT MAX(batch) AS last FROM renames').get() as { last: number | null };
  return (row.last ?? 0) + 1;
}

export function recordRename(db: Db, batch: number, fileId: number | null, fromPath: string, toPath: string): number {
  return Number(
    db
      .prepare('INSERT INTO renames (batch, file_id, from_path, to_path, at) VALUES (?, ?, ?, ?, ?)')
      .run(batch, fileId, fromPath, toPath, Date.now()).lastInsertRowid,
  );
}

export function markRenameUndone(db: Db, id: number): void {
  db.prepare('UPDATE renames SET undone_at = ? WHERE id = ?').run(Date.now(), id);
}

export function getRename(db: Db, id: number): RenameRecord | null {
  const row = db.prepare('SELECT * FROM renames WHERE id = ?').get(id) as RenameRow | undefined;
  return row ? fromRow(row) : null;
}

/** The renames of one batch not yet undone, last first (undo runs in reverse order). */
export function activeRenamesOfBatch(db: Db, batch: number): RenameRecord[] {
  return (
    db.prepare('SELECT * FROM renames WHERE batch = ? AND undone_at IS NULL ORDER BY id DESC').all(batch) as RenameRow[]
  ).map(fromRow);
}

/** The newest batch that still has renames to undo, or null. */
export function lastActiveBatch(db: Db): number | null {
  const row = db.prepare('SELECT MAX(batch) AS batch FROM renames WHERE undone_at IS NULL').get() as {
    batch: number | null;
  };
  return row.batch;
}

export function listRenames(db: Db, limit = 100): RenameRecord[] {
  return (db.prepare('SELECT * FROM renames ORDER BY id DESC LIMIT ?').all(limit) as RenameRow[]).map(fromRow);
}

/**
 * Points a file row at its new path after a rename on disk, with the `ucs.*` keys its new name carries (when the UCS
 * table is installed). The id stays, so analysis, tags, collections and captions stay with the file (the same idea
 * as `moveFile` in files.ts, without a catalogue entry).
 */
export function renameFileRow(db: Db, fileId: number, newPath: string, ucs: UcsTable | null): void {
  db.prepare('UPDATE files SET path = ?, name = ?, folder = ? WHERE id = ?').run(
    newPath,
    basename(newPath),
    dirname(newPath),
    fileId,
  );
  refreshKeywordIndex(db, fileId);
  if (ucs) replaceNameUcsKeys(db, fileId, ucsKeysForName(basename(newPath), ucs));
}

/** Every file at or below `folder` (the whole library when null), by path. */
export function filesUnder(db: Db, folder: string | null): { id: number; path: string; name: string }[] {
  const prefix = folder === null ? null : `${folder.replace(/[\\/]+$/, '').replace(/[\\%_]/g, (ch) => `\\${ch}`)}/%`;
  return db
    .prepare(
      `SELECT id, path, name FROM files WHERE @folder IS NULL OR folder = @folder OR folder LIKE @prefix ESCAPE '\\'
       ORDER BY path`,
    )
    .all({ folder: folder === null ? null : folder.replace(/[\\/]+$/, ''), prefix }) as {
    id: number;
    path: string;
    name: string;
  }[];
}

/**
 * Replaces the `ucs.*` metadata keys that came from a file's name (a new name carries a new CatID, or none). Keys
 * read from the file's own metadata (`ucs.source` = 'metadata') are the file's word and stay.
 */
function replaceNameUcsKeys(db: Db, fileId: number, keys: Record<string, string> | null): void {
  const source = db
    .prepare("SELECT value FROM metadata WHERE file_id = ? AND key = 'ucs.source'")
    .pluck()
    .get(fileId) as string | undefined;
  if (source === 'metadata' && keys === null) return;
  db.prepare("DELETE FROM metadata WHERE file_id = ? AND key LIKE 'ucs.%'").run(fileId);
  const insert = db.prepare('INSERT INTO metadata (file_id, key, value) VALUES (?, ?, ?)');
  for (const [key, value] of Object.entries(keys ?? {})) insert.run(fileId, key, value);
}
