import { query, type SharedDb } from './connection';

/**
 * The server's root of that name (made when missing), and this seat's path for it recorded beside it. A name, not a
 * path, identifies a root: the same NAS folder is /Volumes/SFX on one seat and /mnt/sfx on another.
 */
export async function ensureSharedRoot(db: SharedDb, name: string, seat: string, seatPath: string): Promise<number> {
  const { rows } = await query<{ id: string }>(
    db,
    `INSERT INTO roots (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`,
    [name],
  );
  const rootId = Number(rows[0]!.id);
  await query(
    db,
    `INSERT INTO seat_roots (root_id, seat, path) VALUES ($1, $2, $3)
     ON CONFLICT (root_id, seat) DO UPDATE SET path = excluded.path`,
    [rootId, seat, seatPath],
  );
  return rootId;
}

/** The server's root of that name, without making it (a read-only seat may not); null when there is none. */
export async function findSharedRoot(db: SharedDb, name: string): Promise<number | null> {
  const { rows } = await query<{ id: string }>(db, 'SELECT id FROM roots WHERE name = $1', [name]);
  return rows[0] ? Number(rows[0].id) : null;
}
