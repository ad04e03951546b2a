import { userInfo } from 'node:os';
import pg from 'pg';
import { maskConnectionUrl } from '../../base/connection-url';
import { HarkError } from '../../base/errors';
import { passwordFilePath, passwordFromFile } from './password-file';
import { TLS_PARAMETERS, tlsSettings, withTlsEnvironment } from './tls-options';

/**
 * A connection pool to a shared catalogue's PostgreSQL server. Only store/shared/ sees `pg`: the rest of Hark holds
 * this opaque handle and calls the functions beside it.
 */
export interface SharedDb {
  pool: pg.Pool;
  /** The URL with its password masked: what every message about this server says. */
  readonly shownUrl: string;
  /** Where TLS was only preferred: the pool to use instead when the server offers none (then null). */
  plainFallback: pg.PoolConfig | null;
  /** The client certificate this seat sends, or why none: for the message when the server refuses it. */
  readonly certificateNote: string;
}

/**
 * Opens (lazily: the first query connects) a small pool; a seat needs one connection for claims and results and
 * one for lease renewals, which must not wait behind a long write.
 */
export function openSharedDb(url: string): SharedDb {
  const { config, plainFallback, certificateNote } = poolConfig(url);
  return { pool: newPool(config), shownUrl: maskConnectionUrl(url), plainFallback, certificateNote };
}

function newPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ ...config, max: 4, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its server must not crash the process; the next query reports the problem.
  pool.on('error', () => {});
  // Nor one in use: pg emits a lost connection on the client as well as failing its query, and an 'error' event
  // with no listener throws. The query's rejection is what reports it (seen when a seat lost the network mid-send).
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/**
 * The pool's settings for a connection string, read as libpq (psql) reads it, so that a URL that works in psql works
 * here: TLS as sslmode, sslrootcert, sslcert and sslkey say, or libpq's PGSSLMODE, PGSSLROOTCERT, PGSSLCERT and
 * PGSSLKEY where the URL does not (tls-options.ts; pg alone takes require as verify-full,
 * no sslmode as no TLS at all, and sends no default certificate). A URL without a password takes PGPASSWORD, else
 * the line for this server in PostgreSQL's password file, so the password need not be in the URL that the library
 * keeps. Throws (naming the server, password masked) when the TLS settings cannot be used, e.g. a key others can read.
 */
export function poolConfig(url: string): {
  config: pg.PoolConfig;
  plainFallback: pg.PoolConfig | null;
  certificateNote: string;
} {
  const parsed = new URL(url);
  let tls: ReturnType<typeof tlsSettings>;
  try {
    tls = tlsSettings(withTlsEnvironment(parsed.searchParams));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HarkError('unavailable', `cannot reach the shared catalogue at ${maskConnectionUrl(url)}: ${reason}`);
  }
  // pg reads TLS parameters in a URL itself, and its reading would replace the `ssl` option below.
  for (const key of TLS_PARAMETERS) parsed.searchParams.delete(key);
  const sslnegotiation = parsed.searchParams.get('sslnegotiation');
  parsed.searchParams.delete('sslnegotiation');
  if (!parsed.searchParams.has('application_name')) parsed.searchParams.set('application_name', 'hark');
  // Into the URL pg is given (never shown: messages use the masked original). A password function in the pool's
  // options would be overridden by the URL's empty one, and pg's own file lookup is deprecated.
  if (!parsed.password) parsed.password = passwordFor(parsed) ?? '';
  const config: pg.PoolConfig = { connectionString: parsed.href, ssl: tls.ssl };
  // Given beside the URL: in it, pg would take it as asking for TLS, again replacing `ssl`.
  if (sslnegotiation) Object.assign(config, { sslnegotiation });
  const plainFallback = tls.preferred ? { connectionString: parsed.href, ssl: false } : null;
  return { config, plainFallback, certificateNote: tls.certificateNote };
}

function passwordFor(url: URL): string | undefined {
  const given = process.env.PGPASSWORD;
  if (given !== undefined) return given;
  const target = {
    host: url.hostname,
    port: Number(url.port || 5432),
    database: decodeURIComponent(url.pathname.slice(1)) || defaultUser(url),
    user: defaultUser(url),
  };
  return passwordFromFile(target);
}

function defaultUser(url: URL): string {
  return decodeURIComponent(url.username) || process.env.PGUSER || userInfo().username;
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
    if (db.plainFallback && /does not support SSL/i.test(reason)) {
      // TLS was only preferred, and this server offers none: from now on, connect without.
      const tls = db.pool;
      db.pool = newPool(db.plainFallback);
      db.plainFallback = null;
      void tls.end();
      return connect(db);
    }
    throw new HarkError(
      'unavailable',
      `cannot reach the shared catalogue at ${db.shownUrl}: ${explained(reason, db.certificateNote)}`,
    );
  }
}

/**
 * pg's words for a missing password name its SASL exchange, and a refused client certificate comes as OpenSSL's
 * error code and TLS alert: a person needs to hear what the server wants and where it goes.
 */
function explained(reason: string, certificateNote: string): string {
  if (/client password must be a string/.test(reason))
    return (
      `the server asks for a password and this seat has none: set PGPASSWORD, or add a line ` +
      `host:port:database:user:password to ${passwordFilePath()} (readable by you alone), or put it in the URL`
    );
  if (/requires a valid client certificate/.test(reason))
    return `the server requires a client certificate signed by a CA it trusts, and ${certificateNote}`;
  // The server's TLS alert when it will not take the certificate this seat sent.
  const alert = /alert (unknown ca|bad certificate|certificate (?:expired|revoked|unknown)|unsupported certificate)/i;
  const refused = alert.exec(reason)?.[1];
  if (refused === 'unknown ca')
    return `the server does not trust the CA that signed this seat's client certificate (TLS alert: unknown ca); ${certificateNote}`;
  if (refused) return `the server refused this seat's client certificate (TLS alert: ${refused}); ${certificateNote}`;
  return reason;
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
