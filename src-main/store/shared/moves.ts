import type pg from 'pg';
import { CHANGES_LOCK, CHANNEL } from './changes';
import { inTransaction, type SharedDb } from './connection';

// Files that moved below their root: the server's row follows the file (keeping its analysis, tags, collections,
// favourites and captions for every seat), and each move is a change of the sequence, so the seats following it
// move their own row too.

/**
 * What a seat saw happen to files it had seen under a root: moved (the same file at another path) or gone. A move
 * onto a path the server already holds (another seat registered the new path first) drops the old one instead.
 */
export async function applySharedFileMoves(
  db: SharedDb,
  seat: string,
  rootId: number,
  moved: readonly { from: string; to: string }[],
  gone: readonly string[],
): Promise<{ moved: number; removed: number }> {
  return inTransaction(db, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [CHANGES_LOCK]);
    let movedCount = 0;
    let lastSeq: string | null = null;
    const dropped = [...gone];
    for (const { from, to } of moved) {
      const { rows } = await client.query<{ id: string }>(
        `UPDATE files SET rel_path = $3 WHERE root_id = $1 AND rel_path = $2
           AND NOT EXISTS (SELECT 1 FROM files WHERE root_id = $1 AND rel_path = $3)
         RETURNING id`,
        [rootId, from, to],
      );
      if (!rows[0]) {
        dropped.push(from);
        continue;
      }
      movedCount++;
      lastSeq = await recordMove(client, rows[0].id, seat, from, to, null);
    }
    const { rowCount } = await client.query('DELETE FROM files WHERE root_id = $1 AND rel_path = ANY($2::text[])', [
      rootId,
      dropped,
    ]);
    if (lastSeq !== null) await client.query('SELECT pg_notify($1, $2)', [CHANNEL, lastSeq]);
    return { moved: movedCount, removed: rowCount ?? 0 };
  });
}

/**
 * Hark renamed a file itself (a UCS rename or its undo), so the file at `to` is this one: a row the server holds
 * there was registered by a pass that ran before the move was sent, and gives way. `editId` is the seat's own id
 * for the move: sent twice, it is applied once. 'unknown' when the server holds no file at `from` (no seat has
 * registered it: the next pass registers it at its new path).
 */
export async function moveSharedFile(
  db: SharedDb,
  seat: string,
  rootId: number,
  from: string,
  to: string,
  editId: string,
): Promise<'moved' | 'unknown'> {
  return inTransaction(db, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [CHANGES_LOCK]);
    const sent = await client.query('SELECT 1 FROM changes WHERE edit_id = $1', [editId]);
    if (sent.rowCount) return 'moved';
    const found = await client.query<{ id: string }>('SELECT id FROM files WHERE root_id = $1 AND rel_path = $2', [
      rootId,
      from,
    ]);
    const fileId = found.rows[0]?.id;
    if (!fileId) return 'unknown';
    await client.query('DELETE FROM files WHERE root_id = $1 AND rel_path = $2', [rootId, to]);
    await client.query('UPDATE files SET rel_path = $2 WHERE id = $1', [fileId, to]);
    const seq = await recordMove(client, fileId, seat, from, to, editId);
    await client.query('SELECT pg_notify($1, $2)', [CHANNEL, seq]);
    return 'moved';
  });
}

/** One move in the change sequence (the caller holds its lock); its seq. */
async function recordMove(
  client: pg.PoolClient,
  fileId: string,
  seat: string,
  from: string,
  to: string,
  editId: string | null,
): Promise<string> {
  const { rows } = await client.query<{ seq: string }>(
    `INSERT INTO changes (file_id, kind, from_path, to_path, seat, edit_id) VALUES ($1, 'move', $2, $3, $4, $5)
     RETURNING seq`,
    [fileId, from, to, seat, editId],
  );
  return rows[0]!.seq;
}
