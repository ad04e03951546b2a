import pg from 'pg';
import { maskConnectionUrl } from '../../base/connection-url';
import { HarkError } from '../../base/errors';

/**
 * A connection pool to a shared catalogue's PostgreSQL server. Only store/shared/ sees `pg`: the rest of Hark holds
 * this opaque handle and calls the functions beside it.
 */
export interface SharedDb {
  readonly pool: pg.Pool;
  /** The URL with its password masked: what every message about this server says. */
  readonly shownUrl: string;
}

/**
 * Opens (lazily: the first query connects) a small pool; a seat needs one connection for claims and results and
 * one for lease renewals, which must not wait behind a long write.
 */
export function openSharedDb(url: string): SharedDb {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
  const shownUrl = maskConnectionUrl(url);
  // An idle client that loses its server must not crash the process; the next query reports the problem.
  pool.on('error', () => {});
  // Nor one in use: pg emits a lost connection on the client as well as failing its query, and an 'error' event
  // with no listener throws. The query's rejection is what reports it (seen when a seat lost the network mid-send).
  pool.on('connect', (client) => client.on('error', () => {}));
  return { pool, shownUrl };
}

export async function closeSharedDb(db: SharedDb): Promise<void> {
  await db.pool.end();
}

/** Runs `work` in one transaction on one connection; rolls back when it throws. */
export async function inTransaction<T>(db: SharedDb, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await connect(db);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** A pool client, or a message naming the server (password masked) when it cannot be reached. */
export async function connect(db: SharedDb): Promise<pg.PoolClient> {
  try {
    return await db.pool.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HarkError('unavailable', `cannot reach the shared catalogue at ${db.shownUrl}: ${reason}`);
  }
}

/** One statement on any pooled connection, with connection failures reported like connect()'s. */
export async function query<Row extends pg.QueryResultRow>(
  db: SharedDb,
  sql: string,
  params: unknown[] = [],
): Promise<pg.QueryResult<Row>> {
  const client = await connect(db);
  try {
    return await client.query<Row>(sql, params);
  } finally {
    client.release();
  }
}
