import pg from 'pg';
import { badRequest } from '../../base/errors';
import { inTransaction, query, type SharedDb } from './connection';

// Who may change the shared catalogue is PostgreSQL's to say: each person's seat logs in as a server role, and an
// editor's role may write Hark's tables where a reader's may only read them. The server enforces it; Hark asks the
// server which one it is, and refuses a reader's edits up front with a message instead of a permission error.

export type SeatAccess = 'editor' | 'reader';

/** What this seat's login may do on the catalogue's tables. */
export async function seatAccess(db: SharedDb): Promise<SeatAccess> {
  const { rows } = await query<{ editor: boolean }>(
    db,
    `SELECT has_table_privilege('changes', 'INSERT') AND has_table_privilege('files', 'UPDATE') AS editor`,
  );
  return rows[0]?.editor ? 'editor' : 'reader';
}

/**
 * Lets a server role (which the server's administrator made, with LOGIN) use the catalogue as a reader or an editor,
 * and records it, so that the tables of later schema versions are granted to it too (applyGrants after migrating).
 * Only the catalogue's owner (the login that first connected) may grant.
 */
export async function grantSeatAccess(db: SharedDb, role: string, access: SeatAccess): Promise<void> {
  await inTransaction(db, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (!exists.rowCount)
      throw badRequest(`the server has no role "${role}": its administrator makes it (CREATE ROLE)`);
    const owner = await client.query<{ owns: boolean }>(
      `SELECT pg_has_role(current_user, tableowner, 'USAGE') AS owns FROM pg_tables WHERE tablename = 'hark_schema'`,
    );
    if (!owner.rows[0]?.owns) throw badRequest('only the login that owns the shared catalogue may grant access to it');
    await client.query(
      `INSERT INTO hark_grants (role, access) VALUES ($1, $2) ON CONFLICT (role) DO UPDATE SET access = excluded.access`,
      [role, access],
    );
    await applyGrant(client, role, access);
  });
}

/** Grants every recorded role its access on the tables as they now are (a migration may have added tables). */
export async function applyGrants(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ role: string; access: SeatAccess }>('SELECT role, access FROM hark_grants');
  for (const { role, access } of rows) await applyGrant(client, role, access);
}

async function applyGrant(client: pg.ClientBase, role: string, access: SeatAccess): Promise<void> {
  const who = pg.escapeIdentifier(role);
  await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${who}`);
  await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${who}`);
  await client.query(`GRANT USAGE ON SCHEMA public TO ${who}`);
  if (access === 'reader') {
    await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${who}`);
    return;
  }
  await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${who}`);
  await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${who}`);
  // Grants are the owner's to give: an editor still cannot grant, nor change the schema.
  await client.query(`REVOKE INSERT, UPDATE, DELETE ON hark_grants, hark_schema FROM ${who}`);
}
