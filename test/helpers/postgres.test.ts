import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { usePostgres } from './postgres';

describe('usePostgres', () => {
  const server = usePostgres();

  it('gives each caller an empty database of its own on a real server', async () => {
    const first = await server.freshDatabase();
    const second = await server.freshDatabase();
    expect(first).not.toBe(second);
    const client = new pg.Client({ connectionString: first });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string; db: string; tables: string }>(
        `SELECT version(), current_database() AS db,
           (SELECT count(*) FROM pg_tables WHERE schemaname = 'public') AS tables`,
      );
      expect(rows[0]!.version).toMatch(/^PostgreSQL \d+/);
      expect(first).toContain(`/${rows[0]!.db}`);
      expect(Number(rows[0]!.tables)).toBe(0);
    } finally {
      await client.end();
    }
  });
});
