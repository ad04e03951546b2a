import { createPrivateKey } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';

// A seat that logs in with a certificate (pg_hba's `cert`, or `clientcert=verify-full`): the certificate and key
// libpq would send, so that a URL (or a ~/.postgresql folder) that works in psql works here. sslcert and sslkey name
// the files; without sslcert, libpq's default ~/.postgresql/postgresql.crt is sent when it exists, and its key is
// sslkey or ~/.postgresql/postgresql.key. The key must be the user's alone, as libpq requires. Read once, when the
// seat opens its pool: pg would read the files on every new connection, and throw from inside its pool when one went
// missing, where no caller can catch it.

export interface ClientCertificate {
  /** PEM texts for the TLS options; null when the seat sends no certificate. */
  tls: { cert: string; key: string } | null;
  /** For messages: which certificate was sent, or why none was and how to give one. */
  note: string;
}

/** libpq's folder for a user's certificates: ~/.postgresql, or %APPDATA%\postgresql on Windows. */
export function certificateFolder(): string {
  if (process.platform === 'win32') return join(process.env.APPDATA ?? homedir(), 'postgresql');
  return join(homedir(), '.postgresql');
}

/** The certificate the URL's parameters (or libpq's defaults) say to send; throws a person's reason when unusable. */
export function clientCertificate(params: URLSearchParams): ClientCertificate {
  const named = params.get('sslcert') || null;
  const certFile = named ?? join(certificateFolder(), 'postgresql.crt');
  if (!exists(certFile, 'certificate')) {
    // As libpq: no such file, no certificate (the server may not ask for one). A named file is pointed out if the
    // server then asks.
    const note = named
      ? `sslcert names ${named}, which does not exist`
      : `this seat has none: give sslcert=FILE&sslkey=FILE in the URL, or put them at ${certFile} and ` +
        `${join(certificateFolder(), 'postgresql.key')}`;
    return { tls: null, note };
  }
  const keyFile = params.get('sslkey') || join(certificateFolder(), 'postgresql.key');
  if (!exists(keyFile, 'private key')) throw new Error(`certificate present, but not private key file "${keyFile}"`);
  checkKeyAccess(keyFile, statSync(keyFile));
  const cert = readFileSync(certFile, 'utf8');
  const key = unlockedKey(keyFile, readFileSync(keyFile, 'utf8'), params.get('sslpassword'));
  try {
    // Once now, so that a certificate and key that do not belong together are told as such, not as a TLS failure.
    createSecureContext({ cert, key });
  } catch (error) {
    throw new Error(`could not use client certificate "${certFile}" with private key "${keyFile}": ${reasonOf(error)}`);
  }
  return { tls: { cert, key }, note: `the certificate sent was ${certFile}` };
}

/** Whether the file is there: false for none, a thrown reason when it cannot be looked at (as libpq does). */
function exists(path: string, what: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw new Error(`could not open ${what} file "${path}": ${reasonOf(error)}`);
  }
}

/**
 * libpq's rule for a key: owned by the user, no access for group or others (0600 or less); owned by root, group
 * read at most (0640, for keys a system manages). Anyone else's key is refused. Windows modes say nothing.
 */
function checkKeyAccess(path: string, stats: Stats): void {
  if (process.platform === 'win32') return;
  if (!stats.isFile()) throw new Error(`private key file "${path}" is not a regular file`);
  const rootOwned = stats.uid === 0;
  if (!rootOwned && stats.uid !== process.geteuid?.())
    throw new Error(`private key file "${path}" must be owned by the current user or root`);
  if (stats.mode & (rootOwned ? 0o037 : 0o077))
    throw new Error(
      `private key file "${path}" has group or world access; it must have permissions u=rw (0600) or less if ` +
        `owned by the current user (chmod 600 ${path}), or u=rw,g=r (0640) or less if owned by root`,
    );
}

/**
 * An encrypted key opened with sslpassword, as PEM the TLS options take without a passphrase (pg copies a passphrase
 * into every connection's options in plain sight; the key it keeps out of them). libpq would ask on the terminal; a
 * seat (hark serve) has none to ask on.
 */
function unlockedKey(path: string, pem: string, password: string | null): string {
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem);
  if (!encrypted) return pem;
  if (!password)
    throw new Error(`private key file "${path}" is encrypted: give its passphrase as sslpassword in the URL`);
  try {
    return createPrivateKey({ key: pem, passphrase: password }).export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch (error) {
    throw new Error(`could not decrypt private key file "${path}" with sslpassword: ${reasonOf(error)}`);
  }
}

/** OpenSSL's words without its error-code prefix ("error:1C800064:Provider routines::bad decrypt" → bad decrypt). */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^error:[0-9A-F]+:[^:]*::?/i, '');
}
