import { inTransaction, query, type SharedDb } from './connection';

/** A file as a seat's catalogue saw it, relative to its root: the server's key is (root, rel_path). */
export interface SharedFileVersion {
  relPath: string;
  size: number;
  /** The catalogue's hash of the file's start and end: the same on every seat, unlike mtimes over SMB/NFS. */
  quickHash: string | null;
}

const CHUNK = 2000;

/**
 * Adds the files of one root to the server, in chunks of a few thousand rows per statement. A file whose size or
 * hash changed is owed an analysis again: its old result goes and so does any lease on it (the seat holding that
 * lease analysed the old bytes, and its result will be refused). Returns how many files were new or changed.
 */
export async function registerSharedFiles(
  db: SharedDb,
  rootId: number,
  files: readonly SharedFileVersion[],
): Promise<number> {
  let changed = 0;
  for (let start = 0; start < files.length; start += CHUNK) {
    const chunk = files.slice(start, start + CHUNK);
    changed += await inTransaction(db, async (client) => {
      const { rows } = await client.query<{ id: string; inserted: boolean }>(
        `INSERT INTO files (root_id, rel_path, size, quick_hash)
         SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::text[])
         ON CONFLICT (root_id, rel_path) DO UPDATE
           SET size = excluded.size, quick_hash = excluded.quick_hash, status = 'pending', done_key = NULL,
               error_stage = NULL, error = NULL, lease_owner = NULL, lease_until = NULL, outcome_seq = NULL
           WHERE files.size IS DISTINCT FROM excluded.size OR files.quick_hash IS DISTINCT FROM excluded.quick_hash
         RETURNING id, (xmax = 0) AS inserted`,
        [rootId, chunk.map((file) => file.relPath), chunk.map((file) => file.size), chunk.map((f) => f.quickHash)],
      );
      const updated = rows.filter((row) => !row.inserted).map((row) => row.id);
      if (updated.length) await client.query('DELETE FROM analysis WHERE file_id = ANY($1::bigint[])', [updated]);
      return rows.length;
    });
  }
  return changed;
}

/**
 * Hark rewrote a file's tags on a seat, its audio bit-identical: the server's row takes the new size and hash and
 * keeps its analysis (registering the new version would owe the file a new one). Only a row still at the version the
 * seat rewrote: one another seat saw change otherwise is left to registration. Returns whether the row was updated.
 */
export async function rewriteSharedFile(
  db: SharedDb,
  rootId: number,
  relPath: string,
  from: { size: number; quickHash: string | null },
  to: { size: number; quickHash: string | null },
): Promise<boolean> {
  const { rowCount } = await query(
    db,
    `UPDATE files SET size = $5, quick_hash = $6
     WHERE root_id = $1 AND rel_path = $2 AND size = $3 AND quick_hash IS NOT DISTINCT FROM $4`,
    [rootId, relPath, from.size, from.quickHash, to.size, to.quickHash],
  );
  return Boolean(rowCount);
}
