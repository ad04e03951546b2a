import type pg from 'pg';
import { applyCaptionEdit, captionEditOf, type CaptionColumns, type CaptionEdit } from './caption-changes';
import { connect, inTransaction, query, type SharedDb } from './connection';

/** The channel a seat LISTENs on; each notification's payload is the new change's seq. */
export const CHANNEL = 'hark_changes';

/** The advisory lock that orders writers of the change sequence (any number other locks do not use). */
export const CHANGES_LOCK = 0x48524b43; // 'HRKC'

/**
 * What one change does to one file: its tags or the collections it is in (the same for everyone: the collections
 * it joined and left, by name), whether it is a favourite of the person whose login made the change (each
 * person's own, on whichever seat they use), or a person's caption or category (caption-changes.ts).
 */
export type FileEdit =
  | { kind: 'tags' | 'collections'; added: string[]; removed: string[] }
  | { kind: 'favourite'; favourite: boolean }
  | CaptionEdit;

/** A file's move below its root (moves.ts): its paths before and after. */
export interface FileMoved {
  kind: 'move';
  from: string;
  to: string;
}

/** One change as the change sequence holds it; `relPath` is the file's path now (after any later move). */
export interface FileChange {
  seq: number;
  rootId: number;
  relPath: string;
  seat: string;
  edit: FileEdit | FileMoved;
}

/**
 * Records that `seat` edited a file, applies it to the file's state on the server and notifies the other seats, in
 * one transaction (the notification is sent on commit). The merge rule for tags: a set edited tag by tag, so two
 * seats tagging one file at once keep both their tags; when they disagree about one tag (one adds it, the other
 * removes it), the later change in the sequence wins. A favourite is the login's own (`current_user`): the later of
 * its changes wins. A person's caption and category: the later change of each wins. Returns the change's seq, or null when the server does not know the file (no seat registered
 * it yet). An edit whose `editId` the server already holds is not applied again: its first seq is returned.
 */
export async function recordChange(
  db: SharedDb,
  seat: string,
  file: { rootId: number; relPath: string },
  edit: FileEdit,
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
    const seq =
      edit.kind === 'favourite'
        ? await applyFavourite(client, fileId, seat, edit.favourite, editId)
        : edit.kind === 'caption' || edit.kind === 'category'
          ? await applyCaptionEdit(client, fileId, seat, edit, editId)
          : await applySetEdit(client, fileId, seat, edit, editId);
    await client.query('SELECT pg_notify($1, $2)', [CHANNEL, seq]);
    return Number(seq);
  });
}

/**
 * Where a set-like edit lands: tags (a tag is removed whatever its case, as the library compares them) and
 * collections (by their exact name). Fixed texts, never from a request.
 */
const SETS = {
  tags: { table: 'file_tags', member: 'tag', removedAs: 'lower(tag)', fold: (name: string) => name.toLowerCase() },
  collections: {
    table: 'collection_files',
    member: 'collection',
    removedAs: 'collection',
    fold: (name: string) => name,
  },
} as const;

/** A file's tags or collections edited member by member: each stands or falls by the last change that named it. */
async function applySetEdit(
  client: pg.PoolClient,
  fileId: string,
  seat: string,
  edit: { kind: keyof typeof SETS; added: string[]; removed: string[] },
  editId: string | null,
): Promise<string> {
  const { rows } = await client.query<{ seq: string }>(
    `INSERT INTO changes (file_id, kind, added, removed, seat, edit_id) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING seq`,
    [fileId, edit.kind, edit.added, edit.removed, seat, editId],
  );
  const seq = rows[0]!.seq;
  const set = SETS[edit.kind];
  await client.query(
    `INSERT INTO ${set.table} (file_id, ${set.member}, seq, seat) SELECT $1, name, $2, $3 FROM unnest($4::text[]) AS name
     ON CONFLICT (file_id, ${set.member}) DO UPDATE SET seq = excluded.seq, seat = excluded.seat`,
    [fileId, seq, seat, edit.added],
  );
  await client.query(`DELETE FROM ${set.table} WHERE file_id = $1 AND ${set.removedAs} = ANY($2::text[])`, [
    fileId,
    edit.removed.map(set.fold),
  ]);
  return seq;
}

async function applyFavourite(
  client: pg.PoolClient,
  fileId: string,
  seat: string,
  favourite: boolean,
  editId: string | null,
): Promise<string> {
  const { rows } = await client.query<{ seq: string }>(
    `INSERT INTO changes (file_id, kind, favourite, person, seat, edit_id)
     VALUES ($1, 'favourite', $2, current_user, $3, $4) RETURNING seq`,
    [fileId, favourite, seat, editId],
  );
  const seq = rows[0]!.seq;
  if (favourite)
    await client.query(
      `INSERT INTO file_favourites (file_id, person, seq) VALUES ($1, current_user, $2)
       ON CONFLICT (file_id, person) DO UPDATE SET seq = excluded.seq`,
      [fileId, seq],
    );
  else await client.query('DELETE FROM file_favourites WHERE file_id = $1 AND person = current_user', [fileId]);
  return seq;
}

/**
 * The changes after `seq` to files of the roots that concern this login (all but other logins' favourites), 5,000
 * at most; `movesOnly`: every move after `seq` (changes name their file by its path now, so a follower moves its rows
 * before it looks files up).
 */
export async function changesSince(
  db: SharedDb,
  rootIds: readonly number[],
  seq: number,
  { movesOnly = false }: { movesOnly?: boolean } = {},
): Promise<FileChange[]> {
  const { rows } = await query<
    {
      seq: string;
      root_id: string;
      rel_path: string;
      kind: FileChange['edit']['kind'];
      added: string[];
      removed: string[];
      favourite: boolean | null;
      seat: string;
      from_path: string | null;
      to_path: string | null;
    } & CaptionColumns
  >(
    db,
    `SELECT c.seq, f.root_id, f.rel_path, c.kind, c.added, c.removed, c.favourite, c.seat,
       c.description, c.keywords, c.cat_id, c.category, c.sub_category, c.from_path, c.to_path
     FROM changes c JOIN files f ON f.id = c.file_id
     WHERE c.seq > $2 AND f.root_id = ANY($1::bigint[]) AND (c.kind != 'favourite' OR c.person = current_user)
       AND (NOT $3 OR c.kind = 'move')
     ORDER BY c.seq LIMIT $4`,
    [rootIds, seq, movesOnly, movesOnly ? null : 5000],
  );
  return rows.map((row) => ({
    seq: Number(row.seq),
    rootId: Number(row.root_id),
    relPath: row.rel_path,
    seat: row.seat,
    edit: editOf(row),
  }));
}

function editOf(
  row: { kind: FileChange['edit']['kind']; added: string[]; removed: string[]; favourite: boolean | null } & {
    from_path: string | null;
    to_path: string | null;
  } & CaptionColumns,
): FileChange['edit'] {
  switch (row.kind) {
    case 'favourite':
      return { kind: 'favourite', favourite: row.favourite === true };
    case 'caption':
    case 'category':
      return captionEditOf(row.kind, row);
    case 'move':
      return { kind: 'move', from: row.from_path!, to: row.to_path! };
    default:
      return { kind: row.kind, added: row.added, removed: row.removed };
  }
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
