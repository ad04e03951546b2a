import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

const run = promisify(execFile);

/** The superuser of a throwaway cluster: trust authentication on loopback, so any password in a URL is accepted. */
const TEST_USER = 'hark';

/** A real PostgreSQL server for one test file; each test takes a database of its own from it. */
export interface TestPostgres {
  /** A new, empty database; its URL (postgres://hark@127.0.0.1:PORT/NAME). */
  freshDatabase(): Promise<string>;
}

/**
 * Starts a throwaway PostgreSQL cluster before a test file's tests and removes it after them; with
 * `HARK_TEST_POSTGRES_URL` set, uses that server instead (its user must be allowed to create databases).
 * Runs as root (the server is then run as the `postgres` user: it refuses root) and as an ordinary user.
 */
export function usePostgres(): TestPostgres {
  let server: { baseUrl: URL; stop: () => Promise<void> } | null = null;
  let made = 0;
  beforeAll(async () => {
    const given = process.env.HARK_TEST_POSTGRES_URL;
    server = given ? { baseUrl: new URL(given), stop: async () => {} } : await startCluster();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    server = null;
  }, 60_000);
  return {
    async freshDatabase() {
      if (!server) throw new Error('usePostgres(): the server is not started (call it at the top of a describe)');
      const name = `hark_test_${process.pid}_${Date.now()}_${made++}`;
      const admin = new pg.Client({ connectionString: server.baseUrl.href });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(server.baseUrl.href);
      url.pathname = `/${name}`;
      return url.href;
    },
  };
}

/** initdb into a temp folder, then a server on 127.0.0.1 at a free port; stop() stops it and removes the folder. */
async function startCluster(): Promise<{ baseUrl: URL; stop: () => Promise<void> }> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'hark-pg-'));
  const asServer = serverUser();
  if (asServer) chownSync(dir, asServer.uid, asServer.gid);
  const data = join(dir, 'data');
  const command = (tool: string, args: string[]) =>
    asServer ? ['runuser', ['-u', asServer.name, '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const exec = async (tool: string, args: string[]) => {
    const [file, full] = command(tool, args) as [string, string[]];
    // cwd: the server's account may not be allowed into the test's working directory.
    return run(file, full, { cwd: dir, env: { ...process.env, LC_ALL: 'C' } });
  };
  const stopNow = () => {
    const [file, full] = command('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']) as [string, string[]];
    try {
      execFileSync(file, full, { cwd: dir, stdio: 'ignore' });
    } catch {
      // Not running (never started, or already stopped).
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test worker that dies still stops its server: no orphaned postgres holding a port and a temp folder.
  process.once('exit', stopNow);
  try {
    await exec('initdb', ['-D', data, '-U', TEST_USER, '--auth=trust', '--encoding=UTF8', '--no-sync']);
    let port = 0;
    // The free port is found, then given to the server: another process may take it in between, so try again.
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const options = [
        `-c listen_addresses=127.0.0.1`,
        `-c port=${port}`,
        `-c unix_socket_directories=${dir}`,
        // A throwaway cluster: durability costs time and protects nothing.
        `-c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      ].join(' ');
      try {
        await exec('pg_ctl', ['start', '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options]);
        break;
      } catch (error) {
        if (attempt >= 2) throw new Error(`postgres did not start: ${serverLog(dir)}`, { cause: error });
      }
    }
    return {
      baseUrl: new URL(`postgres://${TEST_USER}@127.0.0.1:${port}/postgres`),
      stop: async () => {
        process.off('exit', stopNow);
        await exec('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']).catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    process.off('exit', stopNow);
    stopNow();
    throw error;
  }
}

/** `HARK_POSTGRES_BIN`, else the newest Debian `/usr/lib/postgresql/<major>/bin`. */
function postgresBinDir(): string {
  if (process.env.HARK_POSTGRES_BIN) return process.env.HARK_POSTGRES_BIN;
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base) ? readdirSync(base).filter((name) => /^\d+$/.test(name)) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest || !existsSync(join(base, newest, 'bin', 'initdb')))
    throw new Error('PostgreSQL is not installed: apt-get install postgresql-15 (or set HARK_POSTGRES_BIN)');
  return join(base, newest, 'bin');
}

/** As root, the account the server runs as (Debian's package creates `postgres`); null for an ordinary user. */
function serverUser(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('running as root, but there is no `postgres` user to run the server as');
  return { name: 'postgres', uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function serverLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000);
  } catch {
    return '(no server log)';
  }
}
