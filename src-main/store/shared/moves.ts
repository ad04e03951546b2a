import type pg from 'pg';
import { CHANGES_LOCK, CHANNEL } from './changes';
import { inTransaction, query, type SharedDb } from './connection';

// Files that moved below their root or left it, as a seat saw them (its catalogue pass) or made them (Hark's renames),
// sent from the seat's queue. A moved file's server row follows it (keeping its analysis, tags, collections,
// favourites and captions for every seat), and each move is a change of the sequence, so the seats following it
// move their own row too.

/**
 * One file moved from `from` to `to`. A row the server already holds at `to` (a seat registered the new path
 * before the move was sent) gives way when nobody has edited it: the moving row is the file with its history. One
 * somebody has edited keeps its place and the old row goes instead, as if the file had been deleted and added, so
 * that no edit vanishes unrecorded from under the seat that made it. `editId` is the seat's own id for the move:
 * sent twice, it is applied once. 'unknown' when the server holds no file at `from` (no seat has registered it, or
 * another seat's report of the move came first).
 */
export async function moveSharedFile(
  db: SharedDb,
  seat: string,
  rootId: number,
  from: string,
  to: string,
  editId: string,
): Promise<'moved' | 'replaced' | 'unknown'> {
  return inTransaction(db, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [CHANGES_LOCK]);
    const sent = await client.query('SELECT 1 FROM changes WHERE edit_id = $1', [editId]);
    if (sent.rowCount) return 'moved';
    const fileId = await fileAt(client, rootId, from);
    if (!fileId) return 'unknown';
    const taken = await client.query<{ edited: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM changes c WHERE c.file_id = f.id) AS edited
       FROM files f WHERE root_id = $1 AND rel_path = $2`,
      [rootId, to],
    );
    if (taken.rows[0]?.edited) {
      await client.query('DELETE FROM files WHERE id = $1', [fileId]);
      return 'replaced';
    }
    await client.query('DELETE FROM files WHERE root_id = $1 AND rel_path = $2', [rootId, to]);
    await client.query('UPDATE files SET rel_path = $2 WHERE id = $1', [fileId, to]);
    const { rows } = await client.query<{ seq: string }>(
      `INSERT INTO changes (file_id, kind, from_path, to_path, seat, edit_id) VALUES ($1, 'move', $2, $3, $4, $5)
       RETURNING seq`,
      [fileId, from, to, seat, editId],
    );
    await client.query('SELECT pg_notify($1, $2)', [CHANNEL, rows[0]!.seq]);
    return 'moved';
  });
}

/** A file a seat's pass saw go (the whole root seen, without a problem): its row goes, with its results and edits. */
export async function removeSharedFile(db: SharedDb, rootId: number, relPath: string): Promise<boolean> {
  const { rowCount } = await query(db, 'DELETE FROM files WHERE root_id = $1 AND rel_path = $2', [rootId, relPath]);
  return Boolean(rowCount);
}

async function fileAt(client: pg.PoolClient, rootId: number, relPath: string): Promise<string | undefined> {
  const { rows } = await client.query<{ id: string }>('SELECT id FROM files WHERE root_id = $1 AND rel_path = $2', [
    rootId,
    relPath,
  ]);
  return rows[0]?.id;
}
