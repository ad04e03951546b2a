import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startCluster, type CertificateFiles, type Cluster, type ClusterOptions } from './postgres-cluster';

export type { CertificateFiles, ClusterOptions } from './postgres-cluster';

/** A real PostgreSQL server for one test file; each test takes a database of its own from it. */
export interface TestPostgres {
  /** A new, empty database; its URL (postgres://hark@127.0.0.1:PORT/NAME, with the password and sslmode if any). */
  freshDatabase(): Promise<string>;
  /** With `tls` or `clientCertificates`: the certificate of the CA that signed the server's (for sslrootcert). */
  certificate(): string;
  /** With `clientCertificates`: a client certificate for `login`, from the server's CA or (`foreign`) a stranger's. */
  clientCertificate(login: string, options?: { foreign?: boolean }): CertificateFiles;
}

/**
 * Starts a throwaway PostgreSQL cluster before a test file's tests and removes it after them; with
 * `HARK_TEST_POSTGRES_URL` set, uses that server instead (its user must be allowed to create databases).
 * Runs as root (the server is then run as the `postgres` user: it refuses root) and as an ordinary user.
 */
export function usePostgres(options: ClusterOptions = {}): TestPostgres {
  let server: Cluster | null = null;
  let made = 0;
  beforeAll(async () => {
    const given = process.env.HARK_TEST_POSTGRES_URL;
    const own = options.tls || options.password || options.clientCertificates;
    server = given && !own ? { baseUrl: new URL(given), stop: async () => {} } : await startCluster(options);
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
    certificate() {
      if (!server?.certificate) throw new Error('usePostgres({ tls: true }) makes a certificate; this server has none');
      return server.certificate;
    },
    clientCertificate(login, issue) {
      if (!server?.issueClientCertificate)
        throw new Error('usePostgres({ clientCertificates: true }) issues client certificates; this server does not');
      return server.issueClientCertificate(login, issue);
    },
  };
}
