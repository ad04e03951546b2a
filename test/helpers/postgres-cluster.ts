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

/**
 * A server that takes only TLS connections (a certificate for 127.0.0.1 from a CA of its own), or only with a
 * password, or only TLS with a client certificate from its CA whose common name is the login.
 */
export interface ClusterOptions {
  tls?: boolean;
  password?: string;
  clientCertificates?: boolean;
}

/** A certificate and its private key (PEM files, the key readable by its owner alone). */
export interface CertificateFiles {
  certificate: string;
  key: string;
}

export interface Cluster {
  /** The superuser's URL (with the password, sslmode and, for certificate logins, its own client certificate). */
  baseUrl: URL;
  /** With TLS: the certificate of the CA that signed the server's (for sslrootcert). */
  certificate?: string;
  /**
   * With `clientCertificates`: a new client certificate for `login` (its common name), signed by the server's CA,
   * or with `foreign` by a CA the server does not know. Files in a folder of the caller's, removed with the cluster.
   */
  issueClientCertificate?: (login: string, options?: { foreign?: boolean }) => CertificateFiles;
  stop: () => Promise<void>;
}

/** initdb into a temp folder, then a server on 127.0.0.1 at a free port; stop() stops it and removes the folder. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'hark-pg-'));
  // Client certificates are the test's files, not the server account's: a folder apart from the cluster's.
  const clients = mkdtempSync(join(tmpdir(), 'hark-pg-clients-'));
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
    rmSync(clients, { recursive: true, force: true });
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
    let authority: Authority | undefined;
    if (options.tls || options.clientCertificates) {
      // A CA of the cluster's own signs the server's certificate (and, for certificate logins, the clients').
      authority = newAuthority(dir, 'hark-test-ca');
      const { certificate: serverCert, key } = issueCertificate(authority, dir, 'server', '127.0.0.1', [
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ]);
      if (asServer) for (const file of [key, serverCert]) chownSync(file, asServer.uid, asServer.gid);
      tlsOptions.push(`-c ssl=on -c ssl_cert_file=${serverCert} -c ssl_key_file=${key}`);
      // The server asks for a client certificate, and checks it against this CA.
      if (options.clientCertificates) tlsOptions.push(`-c ssl_ca_file=${authority.certificate}`);
    }
    if (options.tls || options.password || options.clientCertificates) {
      // Over TCP: TLS only (hostssl) and/or a password (scram) or a certificate whose CN is the login (cert); the
      // helper's own socket stays trusted.
      const method = options.clientCertificates ? 'cert' : options.password ? 'scram-sha-256' : 'trust';
      const kind = options.tls || options.clientCertificates ? 'hostssl' : 'host';
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
    if (options.tls || options.clientCertificates) baseUrl.search = `?sslmode=require&uselibpqcompat=true`;
    let issueClientCertificate: Cluster['issueClientCertificate'];
    if (authority && options.clientCertificates) {
      const own = authority;
      let stranger: Authority | undefined;
      let issued = 0;
      issueClientCertificate = (login, { foreign = false } = {}) => {
        const signer = foreign ? (stranger ??= newAuthority(clients, 'stranger-ca')) : own;
        return issueCertificate(signer, clients, `client-${issued++}`, login);
      };
      // The helper's own connections (new databases, onServer) log in with a certificate too.
      const admin = issueClientCertificate(TEST_USER);
      baseUrl.searchParams.set('sslcert', admin.certificate);
      baseUrl.searchParams.set('sslkey', admin.key);
    }
    return {
      baseUrl,
      certificate: authority?.certificate,
      issueClientCertificate,
      stop: async () => {
        process.off('exit', stopNow);
        await exec('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']).catch(() => {});
        rmSync(dir, { recursive: true, force: true });
        rmSync(clients, { recursive: true, force: true });
      },
    };
  } catch (error) {
    process.off('exit', stopNow);
    stopNow();
    throw error;
  }
}

/** A certificate authority: its self-signed certificate and the key it signs with. */
interface Authority {
  certificate: string;
  key: string;
}

// EC keys: generated in milliseconds, where RSA's take a noticeable part of a second on a busy machine.
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'];

function newAuthority(dir: string, name: string): Authority {
  const certificate = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  openssl(
    ['req', '-x509', ...NEW_KEY, '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE'].concat([
      '-keyout',
      key,
      '-out',
      certificate,
    ]),
  );
  return { certificate, key };
}

/** A leaf certificate for `commonName`, signed by `authority`; its key mode 0600, as libpq and the server require. */
function issueCertificate(
  authority: Authority,
  dir: string,
  name: string,
  commonName: string,
  extensions: string[] = [],
): CertificateFiles {
  const certificate = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  openssl(
    [
      'req',
      '-x509',
      '-CA',
      authority.certificate,
      '-CAkey',
      authority.key,
      ...NEW_KEY,
      '-subj',
      `/CN=${commonName}`,
    ].concat(['-addext', 'basicConstraints=CA:FALSE', ...extensions, '-keyout', key, '-out', certificate]),
  );
  chmodSync(key, 0o600);
  return { certificate, key };
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
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
