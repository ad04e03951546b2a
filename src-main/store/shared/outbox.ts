import type { Db } from '../database';

// A seat's tag edits on their way to the shared catalogue (migration 11): kept in the seat's own library until the
// server has them, so an edit made offline, or by a process that stopped before the server answered, is not lost.

/** One file's tag edit as the server will take it: where the file is on the server, and what changed. */
export interface QueuedTagEdit {
  id: number;
  /** Unique to this edit: the server records an edit sent twice only once. */
  editId: string;
  rootId: number;
  relPath: string;
  added: string[];
  removed: string[];
}

interface OutboxRow {
  id: number;
  edit_id: string;
  root_id: number;
  rel_path: string;
  added: string;
  removed: string;
}

export function queueTagEdit(db: Db, edit: Omit<QueuedTagEdit, 'id'>): void {
  db.prepare(
    `INSERT INTO shared_outbox (edit_id, root_id, rel_path, added, removed, made_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(edit.editId, edit.rootId, edit.relPath, JSON.stringify(edit.added), JSON.stringify(edit.removed), Date.now());
}

/** The oldest waiting edits after the one numbered `afterId`, in the order they were made. */
export function queuedTagEdits(db: Db, afterId = 0, limit = 500): QueuedTagEdit[] {
  const rows = db
    .prepare('SELECT * FROM shared_outbox WHERE id > ? ORDER BY id LIMIT ?')
    .all(afterId, limit) as OutboxRow[];
  return rows.map((row) => ({
    id: row.id,
    editId: row.edit_id,
    rootId: row.root_id,
    relPath: row.rel_path,
    added: JSON.parse(row.added) as string[],
    removed: JSON.parse(row.removed) as string[],
  }));
}

/** The server has the edit: it leaves the queue. */
export function dropQueuedTagEdit(db: Db, id: number): void {
  db.prepare('DELETE FROM shared_outbox WHERE id = ?').run(id);
}

export function queuedTagEditCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM shared_outbox').get() as { n: number }).n;
}
