// A throwaway PostgreSQL cluster (initdb into a temp folder, a server on 127.0.0.1): for the tests
// (helpers/postgres.ts) and the bench's shared-analysis section. Plain Node: no test framework.
import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** The superuser of a throwaway cluster: trust authentication on loopback, so any password in a URL is accepted. */
const TEST_USER = 'hark';

/** A server that takes only TLS connections (a self-signed certificate for 127.0.0.1), or only with a password. */
export interface ClusterOptions {
  tls?: boolean;
  password?: string;
}

/** initdb into a temp folder, then a server on 127.0.0.1 at a free port; stop() stops it and removes the folder. */
export async function startCluster(
  options: ClusterOptions,
): Promise<{ baseUrl: URL; certificate?: string; stop: () => Promise<void> }> {
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
    const initArgs = ['-D', data, '-U', TEST_USER, '--auth=trust', '--encoding=UTF8', '--no-sync'];
    if (options.password) {
      const pwfile = join(dir, 'password');
      writeFileSync(pwfile, `${options.password}\n`);
      if (asServer) chownSync(pwfile, asServer.uid, asServer.gid);
      initArgs.push(`--pwfile=${pwfile}`);
    }
    await exec('initdb', initArgs);
    const tlsOptions: string[] = [];
    let certificate: string | undefined;
    if (options.tls) {
      certificate = join(dir, 'server.crt');
      const key = join(dir, 'server.key');
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '2',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          key,
          '-out',
          certificate,
        ],
        { stdio: 'ignore' },
      );
      chmodSync(key, 0o600);
      if (asServer) for (const file of [key, certificate]) chownSync(file, asServer.uid, asServer.gid);
      tlsOptions.push(`-c ssl=on -c ssl_cert_file=${certificate} -c ssl_key_file=${key}`);
    }
    if (options.tls || options.password) {
      // Over TCP: TLS only (hostssl) and/or a password (scram); the helper's own socket stays trusted.
      const method = options.password ? 'scram-sha-256' : 'trust';
      const kind = options.tls ? 'hostssl' : 'host';
      writeFileSync(join(data, 'pg_hba.conf'), `local all all trust\n${kind} all all 127.0.0.1/32 ${method}\n`);
    }
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
        ...tlsOptions,
      ].join(' ');
      try {
        await exec('pg_ctl', ['start', '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options]);
        break;
      } catch (error) {
        if (attempt >= 2) throw new Error(`postgres did not start: ${serverLog(dir)}`, { cause: error });
      }
    }
    const baseUrl = new URL(`postgres://${TEST_USER}@127.0.0.1:${port}/postgres`);
    if (options.password) baseUrl.password = options.password;
    if (options.tls) baseUrl.search = `?sslmode=require&uselibpqcompat=true`;
    return {
      baseUrl,
      certificate,
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

/** One query on a server, from a test's or the bench's side (a connection of its own, closed after). */
export async function onServer<Row extends pg.QueryResultRow>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}
