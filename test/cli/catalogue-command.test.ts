import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_SCHEMA_VERSION } from '../../src-main/store/shared/schema';
import { runHark, startHark } from '../helpers/cli';
import { waitFor } from '../helpers/open-core';
import { usePostgres } from '../helpers/postgres';
import { connectSeats, localAnalysis, onServer, type Seat } from '../helpers/seats';
import { startServeProcess } from '../helpers/serve-process';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

describe('hark catalogue', () => {
  const server = usePostgres();
  const tempDir = useTempDirs();
  // No models: analysis is decoding and waveform peaks only, which is all these tests need.
  const env = (dir: string) => {
    const models = join(dir, 'models');
    mkdirSync(models, { recursive: true });
    return { HARK_MODELS_DIR: models };
  };

  it('connects with the password never shown, maps a folder and analyses it through the server', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    for (let i = 0; i < 4; i++) tone(library, `tone_${i}.wav`, { freq: 300 + i * 100 });
    const url = new URL(await server.freshDatabase());
    url.password = 'Pa55-w0rd';
    const db = join(dir, 'seat.db');
    expect((await runHark(['--db', db, 'add', library], env(dir))).code).toBe(0);
    const connected = await runHark(['--db', db, 'catalogue', 'connect', url.href, '--seat', 'desk-1'], env(dir));
    expect(connected.stdout).toBe(
      `Connected to postgres://hark:****@${url.host}${url.pathname} (schema version ${SHARED_SCHEMA_VERSION}, upgraded from 0); this seat is desk-1, an editor.\n`,
    );
    const mapped = await runHark(['--db', db, 'catalogue', 'map', library, 'SFX'], env(dir));
    expect(mapped.stdout).toBe(`${library} is the shared root SFX on this seat.\n`);
    const analysed = await runHark(['--db', db, 'catalogue', 'analyse', '--workers', '1'], env(dir));
    expect(analysed.stdout).toContain('Shared analysis: 4 analysed here, 0 failed, 0 copied from other seats');
    for (const output of [connected, mapped, analysed]) expect(output.stdout + output.stderr).not.toContain('Pa55');
    expect(localAnalysis({ name: 'desk-1', db, folder: library }).analysed).toBe(4);
    const files = await onServer<{ rel_path: string; status: string; path: string }>(
      url.href,
      `SELECT rel_path, status, s.path FROM files JOIN seat_roots s USING (root_id) ORDER BY rel_path`,
    );
    expect(files).toEqual([0, 1, 2, 3].map((i) => ({ rel_path: `tone_${i}.wav`, status: 'analysed', path: library })));
  });

  it('lets the owner make a login a reader, whose seat copies results and follows but changes nothing, or an editor', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    for (let i = 0; i < 3; i++) tone(library, `tone_${i}.wav`, { freq: 300 + i * 100 });
    const url = await server.freshDatabase();
    const [owner] = (await connectSeats(dir, library, url, ['desk-1'])) as [Seat];
    const ownerHark = (...args: string[]) => runHark(['--db', owner.db, ...args], env(dir));
    expect((await ownerHark('catalogue', 'analyse', '--workers', '1')).stdout).toContain('3 analysed here');
    // The server's administrator makes the logins; the catalogue's owner lets them in.
    await onServer(url, 'CREATE ROLE viewer LOGIN; CREATE ROLE tagger LOGIN');
    expect((await ownerHark('catalogue', 'grant', 'viewer', '--reader')).stdout).toBe(
      'viewer may now use the shared catalogue as a reader.\n',
    );
    expect((await ownerHark('catalogue', 'grant', 'tagger', '--editor')).code).toBe(0);
    const nobody = await ownerHark('catalogue', 'grant', 'nobody', '--reader');
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('the server has no role "nobody"');
    expect((await ownerHark('catalogue', 'grant', 'viewer')).stderr).toBe('hark: say --reader or --editor.\n');

    const as = (user: string) => {
      const login = new URL(url);
      login.username = user;
      return login.href;
    };
    const [reader] = (await connectSeats(dir, library, as('viewer'), ['desk-2'])) as [Seat];
    const readerHark = (...args: string[]) => runHark(['--db', reader.db, ...args], env(dir));
    expect((await readerHark('catalogue', 'connect', as('viewer'))).stdout).toContain('this seat is desk-2, a reader');
    const copied = await readerHark('catalogue', 'analyse', '--workers', '1');
    expect(copied.stdout).toContain('Shared analysis: 0 analysed here, 0 failed, 3 copied from other seats');
    expect(localAnalysis(reader).analysed).toBe(3);
    // The server itself refuses the reader's login a write, whatever program it uses.
    await expect(onServer(as('viewer'), `UPDATE files SET status = 'pending'`)).rejects.toThrow(/permission denied/);
    // Hark refuses its tag edits of shared files before changing anything, and says why.
    const serve = await startServeProcess(reader.db);
    try {
      expect(serve.log()).toContain('Following the shared catalogue.');
      const address = new URL(serve.url);
      const response = await fetch(`${address.origin}/api/tagFiles`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${address.searchParams.get('token')}`,
          Origin: address.origin,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ fileIds: [1], add: ['loud'] }),
      });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('this seat reads the shared catalogue at');
    } finally {
      await serve.stop();
    }
    expect(await onServer(url, 'SELECT count(*)::int AS n FROM changes')).toEqual([{ n: 0 }]);

    // An editor's login tags and analyses, but neither grants nor upgrades the schema.
    const [editor] = (await connectSeats(dir, library, as('tagger'), ['desk-3'])) as [Seat];
    const editorHark = (...args: string[]) => runHark(['--db', editor.db, ...args], env(dir));
    expect((await editorHark('catalogue', 'connect', as('tagger'))).stdout).toContain('this seat is desk-3, an editor');
    expect((await editorHark('catalogue', 'grant', 'viewer', '--editor')).stderr).toContain(
      'only the login that owns the shared catalogue may grant access to it',
    );
    await onServer(url, 'UPDATE hark_schema SET version = version - 1');
    const upgrade = await editorHark('catalogue', 'connect', as('tagger'));
    expect(upgrade.code).not.toBe(0);
    expect(upgrade.stderr).toContain("which only its owner's login can make");
    await onServer(url, 'UPDATE hark_schema SET version = version + 1');
  });

  it('stops cleanly on Ctrl+C: the files in hand finished, no lease left behind, the rest for the next run', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    const total = 30;
    for (let i = 0; i < total; i++) tone(library, `tone_${i}.wav`, { seconds: 8, freq: 200 + i * 20 });
    const url = await server.freshDatabase();
    const [seat] = (await connectSeats(dir, library, url, ['desk-1'])) as [Seat];
    const child = startHark(['--db', seat.db, 'catalogue', 'analyse', '--workers', '1'], env(dir));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const done = async () => (await onServer<{ n: number }>(url, 'SELECT count(*)::int AS n FROM analysis_log'))[0]!.n;
    await waitFor(async () => (await done()) >= 2, 60_000);
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(0);
    expect(stderr).toContain('Stopping: finishing the files in hand');
    const analysed = await done();
    expect(analysed).toBeLessThan(total);
    expect(stdout).toContain(`Stopped. Shared analysis: ${analysed} analysed here, 0 failed`);
    expect(await onServer(url, 'SELECT id FROM files WHERE lease_until > now()')).toEqual([]);
    const rest = await runHark(['--db', seat.db, 'catalogue', 'analyse', '--workers', '1'], env(dir));
    expect(rest.stdout).toContain(`Shared analysis: ${total - analysed} analysed here, 0 failed`);
  });

  it('refuses a URL that is not postgres://, and a folder that is not in the library', async () => {
    const dir = tempDir();
    const db = join(dir, 'seat.db');
    const wrong = await runHark(['--db', db, 'catalogue', 'connect', 'mysql://u:Pa55@nas/sfx'], env(dir));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('hark: mysql://u:****@nas/sfx is not a postgres://user@host/database URL.\n');
    const unconnected = await runHark(['--db', db, 'catalogue', 'analyse'], env(dir));
    expect(unconnected.code).toBe(2);
    expect(unconnected.stderr).toContain('this library has no shared catalogue: run `hark catalogue connect');
    expect((await runHark(['--db', db, 'catalogue', 'connect', await server.freshDatabase()], env(dir))).code).toBe(0);
    const unknown = await runHark(['--db', db, 'catalogue', 'map', dir, 'SFX'], env(dir));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`${dir} is not a library folder`);
  });

  it('refuses to work on a server another seat upgraded past this Hark', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    tone(library, 'one.wav');
    const url = await server.freshDatabase();
    const [seat] = await connectSeats(dir, library, url, ['old-seat']);
    // What a newer Hark's `catalogue connect` leaves behind.
    await onServer(url, 'UPDATE hark_schema SET version = version + 1');
    const refused = await runHark(['--db', seat!.db, 'catalogue', 'analyse'], env(dir));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `hark: the shared catalogue at ${url} is at schema version ${SHARED_SCHEMA_VERSION + 1}, but this Hark knows ` +
        `only version ${SHARED_SCHEMA_VERSION}: another ` +
        'seat has upgraded it. Update Hark on this seat to use the shared catalogue.\n',
    );
    const reconnect = await runHark(['--db', seat!.db, 'catalogue', 'connect', url], env(dir));
    expect(reconnect.code).toBe(1);
    expect(reconnect.stderr).toContain(`knows only version ${SHARED_SCHEMA_VERSION}`);
    expect(await onServer(url, 'SELECT count(*)::int AS n FROM files')).toEqual([{ n: 0 }]);
  });
});

describe('hark catalogue on a server that takes only TLS and a password', () => {
  const server = usePostgres({ tls: true, password: 'Se4t-secret' });
  const tempDir = useTempDirs();

  it('connects with the certificate verified and the password from the password file, which the library never holds', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    for (let i = 0; i < 3; i++) tone(library, `tone_${i}.wav`, { freq: 300 + i * 100 });
    const given = new URL(await server.freshDatabase());
    const passFile = join(dir, 'pgpass');
    writeFileSync(passFile, `127.0.0.1:${given.port}:${given.pathname.slice(1)}:hark:Se4t-secret\n`);
    chmodSync(passFile, 0o600);
    const url = new URL(given.href);
    url.password = '';
    url.search = new URLSearchParams({ sslmode: 'verify-full', sslrootcert: server.certificate() }).toString();
    const models = join(dir, 'models');
    mkdirSync(models);
    const env = { HARK_MODELS_DIR: models, PGPASSFILE: passFile };
    const db = join(dir, 'seat.db');
    const steps = [
      ['add', library],
      ['catalogue', 'connect', url.href, '--seat', 'desk-tls'],
      ['catalogue', 'map', library, 'SFX'],
      ['catalogue', 'analyse', '--workers', '1'],
    ];
    const outputs = [];
    for (const args of steps) {
      const result = await runHark(['--db', db, ...args], env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      outputs.push(result.stdout);
    }
    expect(outputs[3]).toContain('Shared analysis: 3 analysed here, 0 failed');
    const kept = new Database(db, { readonly: true });
    try {
      const settings = kept.prepare('SELECT value FROM settings').pluck().all().join('\n');
      expect(settings).toContain('sslmode=verify-full');
      expect(settings).not.toContain('Se4t');
    } finally {
      kept.close();
    }
    // Without the password file the server refuses the seat, and says why.
    const refused = await runHark(['--db', db, 'catalogue', 'analyse'], { HARK_MODELS_DIR: models });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      /cannot reach the shared catalogue at postgres:\/\/hark@127\.0\.0\.1:\d+\/\w+\?sslmode=verify-full.*: the server asks for a password and this seat has none/,
    );
  });
});

describe('hark catalogue on a server that logs in by client certificate', () => {
  const server = usePostgres({ clientCertificates: true });
  const tempDir = useTempDirs();

  it('connects with the certificate and key the URL names, and says why a key others can read is refused', async () => {
    const dir = tempDir();
    const seat = server.clientCertificate('hark');
    // The helper's own URL carries its own certificate; the seat's names the one issued here.
    const admin = await server.freshDatabase();
    const url = new URL(admin);
    url.search = new URLSearchParams({
      sslmode: 'verify-full',
      sslrootcert: server.certificate(),
      sslcert: seat.certificate,
      sslkey: seat.key,
    }).toString();
    const db = join(dir, 'seat.db');
    const env = { HARK_MODELS_DIR: join(dir, 'models') };
    const connected = await runHark(['--db', db, 'catalogue', 'connect', url.href, '--seat', 'desk-cert'], env);
    expect(connected.stderr).toBe('');
    expect(connected.code).toBe(0);
    expect(connected.stdout).toMatch(
      /^Connected to postgres:\/\/hark@127\.0\.0\.1:\d+\/\w+\?sslmode=verify-full&sslrootcert=.*; this seat is desk-cert/,
    );
    // The connect migrated the server's schema: the seat's login got in.
    expect(await onServer(admin, 'SELECT version FROM hark_schema')).toEqual([{ version: SHARED_SCHEMA_VERSION }]);

    chmodSync(seat.key, 0o644);
    const refused = await runHark(['--db', db, 'catalogue', 'connect', url.href], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      /^hark: cannot reach the shared catalogue at postgres:\/\/hark@127\.0\.0\.1:\d+\/\w+\?sslmode=verify-full.*: private key file ".*" has group or world access/,
    );
  });
});
