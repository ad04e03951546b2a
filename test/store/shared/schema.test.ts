import { afterEach, describe, expect, it } from 'vitest';
import { closeSharedDb, openSharedDb, query, type SharedDb } from '../../../src-main/store/shared/connection';
import {
  migrateSharedSchema,
  requireSharedSchema,
  serverSchemaVersion,
  SHARED_MIGRATIONS,
  SHARED_SCHEMA_VERSION,
} from '../../../src-main/store/shared/schema';
import { usePostgres } from '../../helpers/postgres';

describe('the shared catalogue schema', () => {
  const server = usePostgres();
  const opened: SharedDb[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(closeSharedDb));
  });
  const open = async (password?: string) => {
    const url = new URL(await server.freshDatabase());
    if (password) url.password = password;
    const db = openSharedDb(url.href);
    opened.push(db);
    return db;
  };
  // A later Hark's schema: this one's migrations and one more.
  const later = [...SHARED_MIGRATIONS, 'CREATE TABLE later_feature (id bigserial PRIMARY KEY)'];

  it('migrates an empty database to this code version, once', async () => {
    const db = await open();
    expect(await serverSchemaVersion(db)).toBe(0);
    await expect(requireSharedSchema(db)).rejects.toThrow(/no Hark schema yet: run `hark catalogue connect`/);
    expect(await migrateSharedSchema(db)).toEqual({ from: 0, to: SHARED_SCHEMA_VERSION });
    expect(await migrateSharedSchema(db)).toEqual({ from: SHARED_SCHEMA_VERSION, to: SHARED_SCHEMA_VERSION });
    await requireSharedSchema(db);
    const tables = await query<{ name: string }>(
      db,
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
    );
    expect(tables.rows.map((row) => row.name)).toEqual(expect.arrayContaining(['files', 'analysis', 'analysis_log']));
  });

  it('lets two seats connecting at once migrate without either failing', async () => {
    const db = await open();
    const other = openSharedDb(new URL(db.pool.options.connectionString!).href);
    opened.push(other);
    const results = await Promise.all([migrateSharedSchema(db), migrateSharedSchema(other)]);
    expect(results.map((result) => result.to)).toEqual([SHARED_SCHEMA_VERSION, SHARED_SCHEMA_VERSION]);
    expect(results.map((result) => result.from).sort()).toEqual([0, SHARED_SCHEMA_VERSION]);
  });

  it('refuses a seat whose Hark is older than the server schema, with what to do', async () => {
    const db = await open();
    await migrateSharedSchema(db, later);
    const message = new RegExp(
      `schema version ${later.length}, but this Hark knows only version ${SHARED_SCHEMA_VERSION}: another seat has ` +
        'upgraded it\\. Update Hark',
    );
    await expect(requireSharedSchema(db)).rejects.toThrow(message);
    // Connecting does not downgrade it either.
    await expect(migrateSharedSchema(db, SHARED_MIGRATIONS)).rejects.toThrow(message);
    expect(await serverSchemaVersion(db)).toBe(later.length);
  });

  it('refuses a seat whose Hark is newer until it upgrades the server', async () => {
    const db = await open();
    await migrateSharedSchema(db);
    await expect(requireSharedSchema(db, later.length)).rejects.toThrow(
      `schema version ${SHARED_SCHEMA_VERSION}, older than this Hark's ${later.length}: run \`hark catalogue connect\` ` +
        'on this seat to upgrade it',
    );
    expect(await migrateSharedSchema(db, later)).toEqual({ from: SHARED_SCHEMA_VERSION, to: later.length });
    await requireSharedSchema(db, later.length);
  });

  it('names the server in its messages with the password masked', async () => {
    const db = await open('s3cret-pw');
    const error = await requireSharedSchema(db).catch((caught: Error) => caught);
    expect(String(error)).toContain(':****@127.0.0.1');
    expect(String(error)).not.toContain('s3cret-pw');
  });
});
