import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSharedDb, openSharedDb, query, type SharedDb } from '../../../src-main/store/shared/connection';
import { passwordFromFile } from '../../../src-main/store/shared/password-file';
import { usePostgres } from '../../helpers/postgres';
import { useTempDirs } from '../../helpers/temp';

// How a seat reaches its server: TLS as libpq's sslmode says (and when the server offers it, by default), and a
// password that need not be in the URL the library keeps.

const PASSWORD = 'n0t-in-the-url';
const SEEN_BY_SERVER = 'SELECT ssl, client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()';

/** Whether this connection of the pool is encrypted, as the server sees it. */
async function encrypted(db: SharedDb): Promise<boolean> {
  const { rows } = await query<{ ssl: boolean }>(db, 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
  return rows[0]!.ssl;
}

/** A self-signed CA certificate that signed nothing of the test server's; its path. */
function strangerCa(dir: string): string {
  const certificate = join(dir, 'other-ca.crt');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=other'].concat([
      '-keyout',
      join(dir, 'other.key'),
      '-out',
      certificate,
    ]),
    { stdio: 'ignore' },
  );
  return certificate;
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
  const env = Object.fromEntries(
    ['PGPASSWORD', 'PGPASSFILE', 'HOME', 'PGSSLMODE', 'PGSSLROOTCERT'].map((key) => [key, process.env[key]]),
  );
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
    expect(await encrypted(open(seatUrl(url, { sslmode: 'verify-ca', sslrootcert: server.certificate() })))).toBe(true);
    expect(() => open(seatUrl(url, { sslmode: 'verify-ca' }))).toThrow(/sslmode=verify-ca needs sslrootcert=FILE/);
    expect(() => open(seatUrl(url, { sslmode: 'no-verify' }))).toThrow(/sslmode=no-verify is not one of disable, /);

    // Another certificate authority: refused, with the server named and the reason given.
    const stranger = strangerCa(tempDir());
    for (const sslmode of ['verify-full', 'verify-ca', 'require']) {
      const wrongCa = open(seatUrl(url, { sslmode, sslrootcert: stranger }));
      await expect(query(wrongCa, 'SELECT 1')).rejects.toThrow(/cannot reach the shared catalogue at .*certificate/);
    }
    // No TLS at all: this server refuses it.
    await expect(query(open(seatUrl(url, { sslmode: 'disable' })), 'SELECT 1')).rejects.toThrow(
      /no pg_hba.conf entry .* no encryption/,
    );
  });

  it("reads libpq's TLS environment variables where the URL is silent, and its default root certificate", async () => {
    const url = await server.freshDatabase();
    process.env.PGPASSWORD = PASSWORD;
    process.env.HOME = tempDir();
    const stranger = strangerCa(tempDir());
    const refusedFor = (db: SharedDb) =>
      expect(query(db, 'SELECT 1')).rejects.toThrow(/cannot reach the shared catalogue at .*certificate/);

    process.env.PGSSLMODE = 'verify-ca';
    process.env.PGSSLROOTCERT = server.certificate();
    expect(await encrypted(open(seatUrl(url, {})))).toBe(true);
    process.env.PGSSLROOTCERT = stranger;
    await refusedFor(open(seatUrl(url, {})));
    // The URL's own parameter wins over the variable.
    expect(await encrypted(open(seatUrl(url, { sslrootcert: server.certificate() })))).toBe(true);
    delete process.env.PGSSLROOTCERT;
    delete process.env.PGSSLMODE;

    // ~/.postgresql/root.crt: once it is there every mode checks the chain against it, as libpq does; verify-ca and
    // verify-full need it (or sslrootcert).
    expect(() => open(seatUrl(url, { sslmode: 'verify-ca' }))).toThrow(/or that certificate at .*root\.crt/);
    expect(() => open(seatUrl(url, { sslmode: 'verify-full' }))).toThrow(/sslmode=verify-full needs sslrootcert/);
    expect(await encrypted(open(seatUrl(url, { sslmode: 'require' })))).toBe(true);
    mkdirSync(join(process.env.HOME, '.postgresql'));
    copyFileSync(server.certificate(), join(process.env.HOME, '.postgresql', 'root.crt'));
    expect(await encrypted(open(seatUrl(url, { sslmode: 'verify-ca' })))).toBe(true);
    copyFileSync(stranger, join(process.env.HOME, '.postgresql', 'root.crt'));
    for (const sslmode of ['require', 'prefer']) await refusedFor(open(seatUrl(url, { sslmode })));

    // The system's CAs: verify-full only, and this test server's CA is not one of them.
    for (const sslmode of ['require', 'disable'])
      expect(() => open(seatUrl(url, { sslrootcert: 'system', sslmode }))).toThrow(
        /sslrootcert=system asks for sslmode=verify-full/,
      );
    await refusedFor(open(seatUrl(url, { sslrootcert: 'system' })));
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

describe('a seat on a server that logs in by client certificate', () => {
  const server = usePostgres({ clientCertificates: true });
  const tempDir = useTempDirs();
  const opened: SharedDb[] = [];
  const home = process.env.HOME;
  beforeEach(() => {
    // libpq's default certificate is under the home folder: an empty one, unless a test puts one there.
    process.env.HOME = tempDir();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(closeSharedDb));
    process.env.HOME = home;
  });
  const open = (url: string) => {
    const db = openSharedDb(url);
    opened.push(db);
    return db;
  };
  /** Whether the connection is encrypted, and the subject of the certificate the server took from this seat. */
  const seen = async (db: SharedDb) =>
    (await query<{ ssl: boolean; client_dn: string | null }>(db, SEEN_BY_SERVER)).rows[0];
  const withCertificate = (url: string, files: { certificate: string; key: string }, more = {}) =>
    seatUrl(url, { sslmode: 'require', sslcert: files.certificate, sslkey: files.key, ...more });

  it("sends the certificate and key the URL names, and libpq's default ~/.postgresql ones when it names none", async () => {
    const url = await server.freshDatabase();
    const seat = server.clientCertificate('hark');
    expect(await seen(open(withCertificate(url, seat)))).toEqual({ ssl: true, client_dn: '/CN=hark' });
    // With the server's certificate checked as well.
    const verified = withCertificate(url, seat, { sslmode: 'verify-full', sslrootcert: server.certificate() });
    expect(await seen(open(verified))).toEqual({ ssl: true, client_dn: '/CN=hark' });

    const folder = join(process.env.HOME!, '.postgresql');
    mkdirSync(folder);
    copyFileSync(seat.certificate, join(folder, 'postgresql.crt'));
    copyFileSync(seat.key, join(folder, 'postgresql.key'));
    chmodSync(join(folder, 'postgresql.key'), 0o600);
    expect(await seen(open(seatUrl(url, {})))).toEqual({ ssl: true, client_dn: '/CN=hark' });
  });

  it('is refused without a certificate, saying that the server wants one and where it goes', async () => {
    const given = new URL(await server.freshDatabase());
    given.password = 'hunter2';
    const none = query(open(seatUrl(given.href, { sslmode: 'require' }, true)), 'SELECT 1');
    await expect(none).rejects.toThrow(
      /^cannot reach the shared catalogue at postgres:\/\/hark:\*\*\*\*@127\.0\.0\.1:\d+\/\w+\?sslmode=require: the server requires a client certificate signed by a CA it trusts, and this seat has none: give sslcert=FILE&sslkey=FILE in the URL, or put them at .*postgresql\.crt/,
    );
    await expect(none).rejects.not.toThrow(/hunter2/);
    // A named certificate that is not there: as libpq, none is sent, and the message says which file is missing.
    const missing = seatUrl(given.href, { sslcert: join(tempDir(), 'seat.crt') });
    await expect(query(open(missing), 'SELECT 1')).rejects.toThrow(
      /requires a client certificate .*, and sslcert names .*seat\.crt, which does not exist/,
    );
  });

  it('is refused with a certificate from a CA the server does not trust, or for another login', async () => {
    const url = await server.freshDatabase();
    const stranger = query(open(withCertificate(url, server.clientCertificate('hark', { foreign: true }))), 'SELECT 1');
    await expect(stranger).rejects.toThrow(
      /cannot reach the shared catalogue at .*: the server does not trust the CA that signed this seat's client certificate \(TLS alert: unknown ca\); the certificate sent was .*\.crt/,
    );
    const other = query(open(withCertificate(url, server.clientCertificate('ana'))), 'SELECT 1');
    await expect(other).rejects.toThrow(/certificate authentication failed for user "hark"/);
  });

  it("refuses, as libpq does, a key that others may read, or one that is not the certificate's", async () => {
    const url = await server.freshDatabase();
    const seat = server.clientCertificate('hark');
    for (const mode of [0o644, 0o604, 0o660]) {
      const loose = join(tempDir(), 'seat.key');
      copyFileSync(seat.key, loose);
      chmodSync(loose, mode);
      expect(() => open(withCertificate(url, { certificate: seat.certificate, key: loose }))).toThrow(
        new RegExp(
          `^cannot reach the shared catalogue at postgres://hark@127\\.0\\.0\\.1:\\d+/\\w+\\?sslmode=require&sslcert=.*: ` +
            `private key file ".*seat\\.key" has group or world access; it must have permissions u=rw \\(0600\\) or less`,
        ),
      );
    }
    const other = server.clientCertificate('hark');
    expect(() => open(withCertificate(url, { certificate: seat.certificate, key: other.key }))).toThrow(
      /could not use client certificate ".*" with private key ".*": key values mismatch/,
    );
    expect(() =>
      open(withCertificate(url, { certificate: seat.certificate, key: join(tempDir(), 'none.key') })),
    ).toThrow(/certificate present, but not private key file ".*none\.key"/);
  });

  it('opens an encrypted key with sslpassword, which no shown URL or message reveals', async () => {
    const url = await server.freshDatabase();
    const seat = server.clientCertificate('hark');
    const locked = join(tempDir(), 'seat.key');
    execFileSync('openssl', ['pkey', '-in', seat.key, '-aes256', '-passout', 'pass:Kl3y-phrase', '-out', locked]);
    chmodSync(locked, 0o600);
    const files = { certificate: seat.certificate, key: locked };
    const db = open(withCertificate(url, files, { sslpassword: 'Kl3y-phrase' }));
    expect(await seen(db)).toEqual({ ssl: true, client_dn: '/CN=hark' });
    expect(db.shownUrl).toContain('sslpassword=****');
    expect(db.shownUrl).not.toContain('Kl3y');

    expect(() => open(withCertificate(url, files))).toThrow(
      /private key file ".*seat\.key" is encrypted: give its passphrase as sslpassword in the URL/,
    );
    const wrong = () => open(withCertificate(url, files, { sslpassword: 'guess' }));
    expect(wrong).toThrow(/could not decrypt private key file ".*seat\.key" with sslpassword: .*decrypt/);
    expect(wrong).toThrow(/sslpassword=\*\*\*\*/);
    expect(wrong).not.toThrow(/guess/);
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
