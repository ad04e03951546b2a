import type pg from 'pg';
import { connect, inTransaction, query, type SharedDb } from './connection';

/** The channel a seat LISTENs on; each notification's payload is the new change's seq. */
const CHANNEL = 'hark_changes';

/** The advisory lock that orders writers of the change sequence (any number other locks do not use). */
const CHANGES_LOCK = 0x48524b43; // 'HRKC'

/** One edit of one file's tags, as the change sequence holds it. */
export interface TagChange {
  seq: number;
  rootId: number;
  relPath: string;
  added: string[];
  removed: string[];
  seat: string;
}

/**
 * Records that `seat` added and removed tags of a file, applies it to the file's tags on the server and notifies
 * the other seats, in one transaction (the notification is sent on commit). The merge rule: tags are a set edited
 * tag by tag, so two seats tagging one file at once keep both their tags; when they disagree about one tag (one
 * adds it, the other removes it), the later change in the sequence wins. Returns the change's seq, or null when the
 * server does not know the file (no seat registered it yet). An edit whose `editId` the server already holds is not
 * applied again: its first seq is returned.
 */
export async function recordTagChange(
  db: SharedDb,
  seat: string,
  file: { rootId: number; relPath: string },
  added: readonly string[],
  removed: readonly string[],
  editId: string | null = null,
): Promise<number | null> {
  return inTransaction(db, async (client) => {
    // Seqs are handed out at insert but become visible at commit: without this lock a seat could read seq 4, mark it
    // applied, and never see a seq 3 committed just after. One writer at a time makes the two orders the same.
    await client.query('SELECT pg_advisory_xact_lock($1)', [CHANGES_LOCK]);
    if (editId !== null) {
      const sent = await client.query<{ seq: string }>('SELECT seq FROM changes WHERE edit_id = $1', [editId]);
      if (sent.rows[0]) return Number(sent.rows[0].seq);
    }
    const found = await client.query<{ id: string }>('SELECT id FROM files WHERE root_id = $1 AND rel_path = $2', [
      file.rootId,
      file.relPath,
    ]);
    const fileId = found.rows[0]?.id;
    if (!fileId) return null;
    const { rows } = await client.query<{ seq: string }>(
      `INSERT INTO changes (file_id, kind, added, removed, seat, edit_id) VALUES ($1, 'tags', $2, $3, $4, $5)
       RETURNING seq`,
      [fileId, added, removed, seat, editId],
    );
    const seq = rows[0]!.seq;
    await client.query(
      `INSERT INTO file_tags (file_id, tag, seq, seat) SELECT $1, tag, $2, $3 FROM unnest($4::text[]) AS tag
       ON CONFLICT (file_id, tag) DO UPDATE SET seq = excluded.seq, seat = excluded.seat`,
      [fileId, seq, seat, added],
    );
    await client.query('DELETE FROM file_tags WHERE file_id = $1 AND lower(tag) = ANY($2::text[])', [
      fileId,
      removed.map((tag) => tag.toLowerCase()),
    ]);
    await client.query('SELECT pg_notify($1, $2)', [CHANNEL, seq]);
    return Number(seq);
  });
}

/** The changes after `seq` to files of the roots, in order. */
export async function changesSince(db: SharedDb, rootIds: readonly number[], seq: number): Promise<TagChange[]> {
  const { rows } = await query<{
    seq: string;
    root_id: string;
    rel_path: string;
    added: string[];
    removed: string[];
    seat: string;
  }>(
    db,
    `SELECT c.seq, f.root_id, f.rel_path, c.added, c.removed, c.seat FROM changes c JOIN files f ON f.id = c.file_id
     WHERE c.seq > $2 AND f.root_id = ANY($1::bigint[]) ORDER BY c.seq LIMIT 5000`,
    [rootIds, seq],
  );
  return rows.map((row) => ({
    seq: Number(row.seq),
    rootId: Number(row.root_id),
    relPath: row.rel_path,
    added: row.added,
    removed: row.removed,
    seat: row.seat,
  }));
}

/**
 * Calls `onChange` whenever any seat records a change, on a connection of its own held until the returned stop is
 * called. `onLost` is told when that connection breaks (the seat is offline: it catches up when it listens again).
 */
export async function listenForChanges(
  db: SharedDb,
  onChange: () => void,
  onLost: (error: Error) => void,
): Promise<() => Promise<void>> {
  const client: pg.PoolClient = await connect(db);
  let released = false;
  client.on('notification', (message) => {
    if (message.channel === CHANNEL) onChange();
  });
  client.on('error', (error) => {
    if (released) return;
    released = true;
    // A broken connection goes out of the pool (release with an error destroys it) rather than back into it.
    client.release(error);
    onLost(error);
  });
  try {
    await client.query(`LISTEN ${CHANNEL}`);
  } catch (error) {
    released = true;
    client.release(error as Error);
    throw error;
  }
  return async () => {
    if (released) return;
    released = true;
    await client.query(`UNLISTEN ${CHANNEL}`).catch(() => {});
    client.release();
  };
}
