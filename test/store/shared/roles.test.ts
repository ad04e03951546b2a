import { afterEach, describe, expect, it } from 'vitest';
import { closeSharedDb, openSharedDb, query, type SharedDb } from '../../../src-main/store/shared/connection';
import { grantSeatAccess, seatAccess } from '../../../src-main/store/shared/roles';
import { migrateSharedSchema, SHARED_MIGRATIONS } from '../../../src-main/store/shared/schema';
import { usePostgres } from '../../helpers/postgres';

describe('readers and editors of the shared catalogue', () => {
  const server = usePostgres();
  const opened: SharedDb[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(closeSharedDb));
  });
  const open = (url: string) => {
    const db = openSharedDb(url);
    opened.push(db);
    return db;
  };
  const as = (url: string, user: string) => Object.assign(new URL(url), { username: user }).href;

  it('grants the tables of later schema versions to the roles let in, as they were granted', async () => {
    const url = await server.freshDatabase();
    const owner = open(url);
    await migrateSharedSchema(owner);
    await query(owner, 'CREATE ROLE reader_a LOGIN');
    await query(owner, 'CREATE ROLE editor_b LOGIN');
    await grantSeatAccess(owner, 'reader_a', 'reader');
    await grantSeatAccess(owner, 'editor_b', 'editor');
    expect(await seatAccess(owner)).toBe('editor');
    expect(await seatAccess(open(as(url, 'reader_a')))).toBe('reader');
    expect(await seatAccess(open(as(url, 'editor_b')))).toBe('editor');

    // A later Hark adds a table: the owner's migration grants it too.
    const later = [...SHARED_MIGRATIONS, 'CREATE TABLE favourites (file_id bigint, person text)'];
    expect(await migrateSharedSchema(owner, later)).toEqual({ from: SHARED_MIGRATIONS.length, to: later.length });
    const reader = open(as(url, 'reader_a'));
    expect((await query(reader, 'SELECT count(*)::int AS n FROM favourites')).rows).toEqual([{ n: 0 }]);
    await expect(query(reader, `INSERT INTO favourites VALUES (1, 'a')`)).rejects.toThrow(/permission denied/);
    await query(open(as(url, 'editor_b')), `INSERT INTO favourites VALUES (1, 'b')`);
    // The editor may not grant, nor change the record of grants or the schema version.
    const editor = open(as(url, 'editor_b'));
    await expect(grantSeatAccess(editor, 'reader_a', 'editor')).rejects.toThrow(/only the login that owns/);
    await expect(query(editor, `UPDATE hark_schema SET version = 1`)).rejects.toThrow(/permission denied/);
    await expect(query(editor, `DELETE FROM hark_grants`)).rejects.toThrow(/permission denied/);
    // A reader turned editor (and back) takes the new access at once.
    await grantSeatAccess(owner, 'reader_a', 'editor');
    expect(await seatAccess(reader)).toBe('editor');
    await grantSeatAccess(owner, 'reader_a', 'reader');
    expect(await seatAccess(reader)).toBe('reader');
  });
});
