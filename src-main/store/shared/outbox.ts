import type { Db } from '../database';
import type { PersonCaption, PersonCategory } from './caption-changes';
import type { FileEdit } from './changes';

// A seat's edits on their way to the shared catalogue (migrations 11 to 13, 15): kept in the seat's own library until
// the server has them, so an edit made offline, or by a process that stopped before the server answered, is not lost.

/** Hark renamed the file (a UCS rename or its undo): its path below the same root now. */
export interface FileMove {
  kind: 'move';
  to: string;
}

/** A file's version as the server keys it (see SharedFileVersion). */
export interface FileVersion {
  size: number;
  quickHash: string | null;
}

/** Hark rewrote the file's tags, its audio bit-identical: the version it had and the one it has now. */
export interface FileRewrite {
  kind: 'rewrite';
  from: FileVersion;
  to: FileVersion;
}

/** A seat's pass saw the file go. */
export interface FileRemove {
  kind: 'remove';
}

/** What a queued edit changes: one of the change sequence's edits, the file's move, its removal or its rewrite. */
export type OutboxEdit = FileEdit | FileMove | FileRemove | FileRewrite;

/** One file's edit as the server will take it: where the file is on the server, and what changed. */
export interface QueuedEdit {
  id: number;
  /** Unique to this edit: the server records an edit sent twice only once. */
  editId: string;
  rootId: number;
  relPath: string;
  edit: OutboxEdit;
}

interface OutboxRow {
  id: number;
  edit_id: string;
  root_id: number;
  rel_path: string;
  kind: OutboxEdit['kind'];
  added: string;
  removed: string;
  favourite: number | null;
  payload: string | null;
}

export function queueEdit(db: Db, queued: Omit<QueuedEdit, 'id'>): void {
  const { edit } = queued;
  const [added, removed] = edit.kind === 'tags' || edit.kind === 'collections' ? [edit.added, edit.removed] : [[], []];
  db.prepare(
    `INSERT INTO shared_outbox (edit_id, root_id, rel_path, kind, added, removed, favourite, payload, made_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    queued.editId,
    queued.rootId,
    queued.relPath,
    edit.kind,
    JSON.stringify(added),
    JSON.stringify(removed),
    edit.kind === 'favourite' ? Number(edit.favourite) : null,
    payloadOf(edit),
    Date.now(),
  );
}

/**
 * A caption's or category's edit as its row keeps it: the value the edit left (JSON null when it cleared it); a
 * move's new path; a rewrite's versions.
 */
function payloadOf(edit: OutboxEdit): string | null {
  if (edit.kind === 'caption') return JSON.stringify(edit.caption);
  if (edit.kind === 'category') return JSON.stringify(edit.category);
  if (edit.kind === 'move') return JSON.stringify(edit.to);
  if (edit.kind === 'rewrite') return JSON.stringify({ from: edit.from, to: edit.to });
  return null;
}

function editOf(row: OutboxRow): OutboxEdit {
  switch (row.kind) {
    case 'move':
      return { kind: 'move', to: JSON.parse(payloadOfRow(row)) as string };
    case 'remove':
      return { kind: 'remove' };
    case 'rewrite':
      return { kind: 'rewrite', ...(JSON.parse(payloadOfRow(row)) as Omit<FileRewrite, 'kind'>) };
    case 'favourite':
      return { kind: 'favourite', favourite: row.favourite === 1 };
    case 'caption':
      return { kind: 'caption', caption: JSON.parse(row.payload ?? 'null') as PersonCaption | null };
    case 'category':
      return { kind: 'category', category: JSON.parse(row.payload ?? 'null') as PersonCategory | null };
    default:
      return { kind: row.kind, added: JSON.parse(row.added) as string[], removed: JSON.parse(row.removed) as string[] };
  }
}

function payloadOfRow(row: OutboxRow): string {
  if (row.payload === null) throw new Error(`the shared outbox's ${row.kind} edit ${row.edit_id} has no payload`);
  return row.payload;
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
    edit: editOf(row),
  }));
}

/**
 * The file's edits waiting before the one numbered `beforeId` now name it at its new path: its move found no file on
 * the server to carry (no seat had registered it), so the next pass registers it there, and they wait for that.
 */
export function repathQueuedEdits(
  db: Db,
  file: { rootId: number; relPath: string },
  to: string,
  beforeId: number,
): void {
  db.prepare('UPDATE shared_outbox SET rel_path = ? WHERE root_id = ? AND rel_path = ? AND id < ?').run(
    to,
    file.rootId,
    file.relPath,
    beforeId,
  );
}

/** The file's edits waiting before the one numbered `beforeId` go: it left the library before the server knew it. */
export function dropWaitingEditsOf(db: Db, file: { rootId: number; relPath: string }, beforeId: number): void {
  db.prepare('DELETE FROM shared_outbox WHERE root_id = ? AND rel_path = ? AND id < ?').run(
    file.rootId,
    file.relPath,
    beforeId,
  );
}

/** The server has the edit: it leaves the queue. */
export function dropQueuedEdit(db: Db, id: number): void {
  db.prepare('DELETE FROM shared_outbox WHERE id = ?').run(id);
}

export function queuedEditCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM shared_outbox').get() as { n: number }).n;
}
