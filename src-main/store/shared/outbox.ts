import type { Db } from '../database';
import type { FileEdit } from './changes';

// A seat's edits on their way to the shared catalogue (migrations 11, 12): kept in the seat's own library until the
// server has them, so an edit made offline, or by a process that stopped before the server answered, is not lost.

/** One file's edit as the server will take it: where the file is on the server, and what changed. */
export interface QueuedEdit {
  id: number;
  /** Unique to this edit: the server records an edit sent twice only once. */
  editId: string;
  rootId: number;
  relPath: string;
  edit: FileEdit;
}

interface OutboxRow {
  id: number;
  edit_id: string;
  root_id: number;
  rel_path: string;
  kind: FileEdit['kind'];
  added: string;
  removed: string;
  favourite: number | null;
}

export function queueEdit(db: Db, queued: Omit<QueuedEdit, 'id'>): void {
  const { edit } = queued;
  const [added, removed] = edit.kind === 'favourite' ? [[], []] : [edit.added, edit.removed];
  db.prepare(
    `INSERT INTO shared_outbox (edit_id, root_id, rel_path, kind, added, removed, favourite, made_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    queued.editId,
    queued.rootId,
    queued.relPath,
    edit.kind,
    JSON.stringify(added),
    JSON.stringify(removed),
    edit.kind === 'favourite' ? Number(edit.favourite) : null,
    Date.now(),
  );
}

/** The oldest waiting edits after the one numbered `afterId`, in the order they were made. */
export function queuedEdits(db: Db, afterId = 0, limit = 500): QueuedEdit[] {
  const rows = db
    .prepare('SELECT * FROM shared_outbox WHERE id > ? ORDER BY id LIMIT ?')
    .all(afterId, limit) as OutboxRow[];
  return rows.map((row) => ({
    id: row.id,
    editId: row.edit_id,
    rootId: row.root_id,
    relPath: row.rel_path,
    edit:
      row.kind === 'favourite'
        ? { kind: 'favourite', favourite: row.favourite === 1 }
        : { kind: row.kind, added: JSON.parse(row.added) as string[], removed: JSON.parse(row.removed) as string[] },
  }));
}

/** The server has the edit: it leaves the queue. */
export function dropQueuedEdit(db: Db, id: number): void {
  db.prepare('DELETE FROM shared_outbox WHERE id = ?').run(id);
}

export function queuedEditCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM shared_outbox').get() as { n: number }).n;
}
