import { HarkError } from '../../base/errors';
import { inTransaction, query, type SharedDb } from './connection';
import { applyGrants } from './roles';

// The shared catalogue's schema on the server, as numbered migrations. The server records the version it is at in
// one row; a seat works only with a server at exactly the version its code knows, because an older Hark writing
// into a newer schema (or the other way round) would corrupt what the other seats read.

/** Migration n (1-based) brings the server from version n-1 to n. Never edit one that has shipped: add another. */
export const SHARED_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE roots (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  -- The same NAS folder is mounted at a different path on each seat: the server keys files by root and relative
  -- path, and records where each seat sees the root (for a person reading the catalogue; seats keep their own).
  CREATE TABLE seat_roots (
    root_id bigint NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
    seat text NOT NULL,
    path text NOT NULL,
    PRIMARY KEY (root_id, seat)
  );
  CREATE TABLE files (
    id bigserial PRIMARY KEY,
    root_id bigint NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
    rel_path text NOT NULL,
    size bigint NOT NULL,
    quick_hash text,
    -- pending: owed an analysis; analysed / failed: done by the pipeline named in done_key.
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'analysed', 'failed')),
    done_key text,
    error_stage text,
    error text,
    -- A claim: the seat analysing the file and until when; an expired lease is anyone's to take.
    lease_owner text,
    lease_until timestamptz,
    UNIQUE (root_id, rel_path)
  );
  CREATE INDEX files_done_key ON files (done_key);
  CREATE TABLE analysis (
    file_id bigint PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    analysis_key text NOT NULL,
    model_id text,
    duration double precision,
    probs bytea,
    features bytea,
    peaks bytea NOT NULL,
    peaks_rate double precision NOT NULL,
    extension_key text,
    extension_vector bytea,
    extension_data bytea
  );
  CREATE TABLE analysis_windows (
    file_id bigint NOT NULL REFERENCES analysis(file_id) ON DELETE CASCADE,
    idx integer NOT NULL,
    start_s double precision NOT NULL,
    end_s double precision NOT NULL,
    probs bytea NOT NULL,
    PRIMARY KEY (file_id, idx)
  );
  -- Every result the server accepted, and from which seat: how "nothing done twice" is counted.
  CREATE TABLE analysis_log (
    id bigserial PRIMARY KEY,
    file_id bigint NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    seat text NOT NULL,
    analysis_key text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('analysed', 'failed')),
    at timestamptz NOT NULL DEFAULT now()
  );
  `,
  `
  -- Every edit a seat makes, in one order (seq), with who made it: seats follow it to bring their local copies up
  -- to date (LISTEN hark_changes tells them when), and it is the record of who changed what.
  CREATE TABLE changes (
    seq bigserial PRIMARY KEY,
    file_id bigint NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('tags')),
    added text[] NOT NULL DEFAULT '{}',
    removed text[] NOT NULL DEFAULT '{}',
    seat text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  );
  -- A file's tags as the changes leave them: each tag stands or falls by the last change that named it.
  CREATE TABLE file_tags (
    file_id bigint NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    tag text NOT NULL,
    seq bigint NOT NULL,
    seat text NOT NULL,
    PRIMARY KEY (file_id, tag)
  );
  `,
  `
  -- The seat's own id for each edit: an edit a seat sends again (it did not hear that the first send committed, or
  -- kept it while offline and two of its processes send the queue) is recorded once.
  ALTER TABLE changes ADD COLUMN edit_id text UNIQUE;
  `,
  `
  -- The server roles the owner let in, and as what (store/shared/roles.ts): granted again on each migration's tables.
  CREATE TABLE hark_grants (
    role text PRIMARY KEY,
    access text NOT NULL CHECK (access IN ('reader', 'editor'))
  );
  `,
  `
  -- Favourites travel with the person, not the seat: a change of kind 'favourite' is the login's (person) own, and
  -- file_favourites holds each login's marks as the changes leave them. Collections are the team's: a change of
  -- kind 'collections' names the collections a file joined (added) and left (removed), as tags do.
  ALTER TABLE changes DROP CONSTRAINT changes_kind_check;
  ALTER TABLE changes ADD CONSTRAINT changes_kind_check CHECK (kind IN ('tags', 'favourite', 'collections'));
  ALTER TABLE changes ADD COLUMN person text;
  ALTER TABLE changes ADD COLUMN favourite boolean;
  CREATE TABLE file_favourites (
    file_id bigint NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    person text NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (file_id, person)
  );
  CREATE TABLE collection_files (
    file_id bigint NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    collection text NOT NULL,
    seq bigint NOT NULL,
    seat text NOT NULL,
    PRIMARY KEY (file_id, collection)
  );
  `,
  `
  -- Each finished file's place in one order (set when a result or a failure is accepted): a seat following the
  -- catalogue copies the results after the last one it copied instead of listing every finished file.
  CREATE SEQUENCE outcome_seq;
  ALTER TABLE files ADD COLUMN outcome_seq bigint;
  UPDATE files SET outcome_seq = nextval('outcome_seq') WHERE status <> 'pending';
  CREATE INDEX files_outcome_seq ON files (outcome_seq);
  `,
  `
  -- A person's caption (description and keywords) and UCS category of a file, as the library keeps them beside what
  -- Hark writes into the file (kinds 'caption' and 'category'). A change holds the whole text, or the category, the
  -- edit left; null (description, cat_id) when it cleared it. The login that made it is recorded (person), as the
  -- seat is; file_captions and file_categories hold what the later change of each left.
  ALTER TABLE changes DROP CONSTRAINT changes_kind_check;
  ALTER TABLE changes ADD CONSTRAINT changes_kind_check
    CHECK (kind IN ('tags', 'favourite', 'collections', 'caption', 'category'));
  ALTER TABLE changes ADD COLUMN description text;
  ALTER TABLE changes ADD COLUMN keywords text[];
  ALTER TABLE changes ADD COLUMN cat_id text;
  ALTER TABLE changes ADD COLUMN category text;
  ALTER TABLE changes ADD COLUMN sub_category text;
  CREATE TABLE file_captions (
    file_id bigint PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    description text NOT NULL,
    keywords text[] NOT NULL,
    seq bigint NOT NULL,
    seat text NOT NULL,
    person text NOT NULL
  );
  CREATE TABLE file_categories (
    file_id bigint PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    cat_id text NOT NULL,
    category text NOT NULL,
    sub_category text NOT NULL,
    seq bigint NOT NULL,
    seat text NOT NULL,
    person text NOT NULL
  );
  `,
  `
  -- A file's move below its root (kind 'move': from_path to to_path), seen by a seat's catalogue pass or made by
  -- Hark's own rename: the seats following the sequence move their row of the file with it (on one NAS their disk
  -- saw the same move), so the later changes, which name the file by its path now, find it.
  ALTER TABLE changes DROP CONSTRAINT changes_kind_check;
  ALTER TABLE changes ADD CONSTRAINT changes_kind_check
    CHECK (kind IN ('tags', 'favourite', 'collections', 'caption', 'category', 'move'));
  ALTER TABLE changes ADD COLUMN from_path text;
  ALTER TABLE changes ADD COLUMN to_path text;
  `,
];

export const SHARED_SCHEMA_VERSION = SHARED_MIGRATIONS.length;

/** Any number: the advisory lock two seats connecting at once take, so that one migrates and the other waits. */
const MIGRATION_LOCK = 0x4841524b; // 'HARK'

/** The version the server is at; 0 for a database Hark has never used. */
export async function serverSchemaVersion(db: SharedDb): Promise<number> {
  const { rows } = await query<{ present: boolean }>(db, `SELECT to_regclass('hark_schema') IS NOT NULL AS present`);
  if (!rows[0]?.present) return 0;
  const current = await query<{ version: number }>(db, 'SELECT version FROM hark_schema');
  return current.rows[0]?.version ?? 0;
}

/**
 * Brings the server's schema up to this code's version, each migration in the same transaction as the version it
 * records. Refuses a server already past it: this seat's Hark is older than the one that migrated it.
 */
export async function migrateSharedSchema(
  db: SharedDb,
  migrations: readonly string[] = SHARED_MIGRATIONS,
): Promise<{ from: number; to: number }> {
  return inTransaction(db, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS hark_schema (
         only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
         version integer NOT NULL
       )`,
    );
    await client.query('INSERT INTO hark_schema (version) VALUES (0) ON CONFLICT DO NOTHING');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM hark_schema');
    const from = rows[0]!.version;
    if (from > migrations.length) throw newerServer(db, from, migrations.length);
    for (let version = from + 1; version <= migrations.length; version++) {
      await client.query(migrations[version - 1]!);
      await client.query('UPDATE hark_schema SET version = $1', [version]);
    }
    // The roles let in see the new tables as they saw the old ones.
    const grants = await client.query(`SELECT to_regclass('hark_grants') IS NOT NULL AS present`);
    if (from < migrations.length && grants.rows[0]?.present) await applyGrants(client);
    return { from, to: migrations.length };
  });
}

/** Throws a message saying what to do unless the server is at exactly the schema version this code knows. */
export async function requireSharedSchema(db: SharedDb, expected: number = SHARED_SCHEMA_VERSION): Promise<void> {
  const version = await serverSchemaVersion(db);
  if (version === expected) return;
  if (version > expected) throw newerServer(db, version, expected);
  throw new HarkError(
    'unavailable',
    version === 0
      ? `the shared catalogue at ${db.shownUrl} has no Hark schema yet: run \`hark catalogue connect\` first.`
      : `the shared catalogue at ${db.shownUrl} is at schema version ${version}, older than this Hark's ` +
          `${expected}: run \`hark catalogue connect\` on this seat to upgrade it (other seats then need this Hark too).`,
  );
}

function newerServer(db: SharedDb, server: number, known: number): HarkError {
  return new HarkError(
    'unavailable',
    `the shared catalogue at ${db.shownUrl} is at schema version ${server}, but this Hark knows only version ` +
      `${known}: another seat has upgraded it. Update Hark on this seat to use the shared catalogue.`,
  );
}
