import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSharedDb, openSharedDb, query, type SharedDb } from '../../../src-main/store/shared/connection';
import { passwordFromFile } from '../../../src-main/store/shared/password-file';
import { usePostgres } from '../../helpers/postgres';
import { useTempDirs } from '../../helpers/temp';

// How a seat reaches its server: TLS as libpq's sslmode says (and when the server offers it, by default), and a
// password that need not be in the URL the library keeps.

const PASSWORD = 'n0t-in-the-url';

/** Whether this connection of the pool is encrypted, as the server sees it. */
async function encrypted(db: SharedDb): Promise<boolean> {
  const { rows } = await query<{ ssl: boolean }>(db, 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
  return rows[0]!.ssl;
}

function seatUrl(url: string, params: Record<string, string>, withPassword = false): string {
  const seat = new URL(url);
  if (!withPassword) seat.password = '';
  seat.search = new URLSearchParams(params).toString();
  return seat.href;
}

describe('a seat on a server that takes only TLS and a password', () => {
  const server = usePostgres({ tls: true, password: PASSWORD });
  const tempDir = useTempDirs();
  const opened: SharedDb[] = [];
  const env = { PGPASSWORD: process.env.PGPASSWORD, PGPASSFILE: process.env.PGPASSFILE };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(closeSharedDb));
    for (const [key, value] of Object.entries(env))
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
  });
  const open = (url: string) => {
    const db = openSharedDb(url);
    opened.push(db);
    return db;
  };

  it('uses TLS by default when the server offers it, and verifies the certificate when asked to', async () => {
    const url = await server.freshDatabase();
    process.env.PGPASSWORD = PASSWORD;
    expect(await encrypted(open(seatUrl(url, {})))).toBe(true);
    expect(await encrypted(open(seatUrl(url, { sslmode: 'require' })))).toBe(true);
    const verified = seatUrl(url, { sslmode: 'verify-full', sslrootcert: server.certificate() });
    expect(await encrypted(open(verified))).toBe(true);

    // Another certificate authority: refused, with the server named and the reason given.
    const dir = tempDir();
    const stranger = join(dir, 'other-ca.crt');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=other'].concat([
        '-keyout',
        join(dir, 'other.key'),
        '-out',
        stranger,
      ]),
      { stdio: 'ignore' },
    );
    const wrongCa = open(seatUrl(url, { sslmode: 'verify-full', sslrootcert: stranger }));
    await expect(query(wrongCa, 'SELECT 1')).rejects.toThrow(/cannot reach the shared catalogue at .*certificate/);
    // No TLS at all: this server refuses it.
    await expect(query(open(seatUrl(url, { sslmode: 'disable' })), 'SELECT 1')).rejects.toThrow(
      /no pg_hba.conf entry .* no encryption/,
    );
  });

  it('takes the password from the password file when the URL has none, and never shows one', async () => {
    const url = await server.freshDatabase();
    delete process.env.PGPASSWORD;
    const file = join(tempDir(), 'pgpass');
    const { hostname, port, pathname } = new URL(url);
    writeFileSync(file, `# seats\nelsewhere:*:*:*:wrong\n${hostname}:${port}:${pathname.slice(1)}:hark:${PASSWORD}\n`);
    chmodSync(file, 0o600);
    process.env.PGPASSFILE = file;
    expect(await encrypted(open(seatUrl(url, {})))).toBe(true);

    // A password in the URL that the server refuses: the message masks it.
    const wrong = new URL(seatUrl(url, {}));
    wrong.password = 'hunter2';
    const refused = query(open(wrong.href), 'SELECT 1');
    await expect(refused).rejects.toThrow(/password authentication failed/);
    await expect(refused).rejects.toThrow(/postgres:\/\/hark:\*\*\*\*@/);
    await expect(refused).rejects.not.toThrow(/hunter2/);
    // A file that others can read is ignored, as libpq ignores it.
    chmodSync(file, 0o644);
    await expect(query(open(seatUrl(url, {})), 'SELECT 1')).rejects.toThrow(
      /asks for a password and this seat has none/,
    );
  });
});

describe('a seat on a server without TLS', () => {
  const server = usePostgres();
  it('connects without it when TLS is only preferred (the default), as psql does', async () => {
    const db = openSharedDb(await server.freshDatabase());
    try {
      expect(await encrypted(db)).toBe(false);
    } finally {
      await closeSharedDb(db);
    }
  });
});

describe('the password file', () => {
  const tempDir = useTempDirs();
  it('matches fields and wildcards as libpq does, with \\: and \\\\ escaped', () => {
    const file = join(tempDir(), 'pgpass');
    writeFileSync(file, 'db.studio:5432:sfx:ana:a\\:b\\\\c\n*:*:*:ana:fallback\n');
    chmodSync(file, 0o600);
    const target = { host: 'db.studio', port: 5432, database: 'sfx', user: 'ana' };
    expect(passwordFromFile(target, file)).toBe('a:b\\c');
    expect(passwordFromFile({ ...target, database: 'other' }, file)).toBe('fallback');
    expect(passwordFromFile({ ...target, user: 'bo' }, file)).toBeUndefined();
    expect(passwordFromFile(target, join(tempDir(), 'missing'))).toBeUndefined();
  });
});
