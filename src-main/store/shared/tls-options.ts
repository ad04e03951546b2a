import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { clientCertificate } from './client-certificate';

// The TLS a connection string asks for, read as libpq reads it. Hark reads these parameters itself and gives pg the
// result as its `ssl` option: pg's own reading of any of them would replace that option whole, and a client
// certificate has to be part of it.

const MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** The URL parameters read here; none of them may reach pg. */
export const TLS_PARAMETERS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'sslpassword', 'ssl', 'uselibpqcompat'];

export interface TlsSettings {
  /** pg's `ssl` option: false for none. */
  ssl: false | ConnectionOptions;
  /** TLS only preferred (sslmode absent, prefer or allow): without it, when the server offers none. */
  preferred: boolean;
  /** For messages: the client certificate sent, or why none was. */
  certificateNote: string;
}

/**
 * sslmode absent or prefer/allow tries TLS without checking the certificate (and falls back to none, see
 * `preferred`); require encrypts without checking it, unless sslrootcert is given: then it checks the chain;
 * verify-ca checks the chain; verify-full also the host name. Throws a person's reason for an unusable setting.
 */
export function tlsSettings(params: URLSearchParams): TlsSettings {
  const mode = params.get('sslmode') || 'prefer';
  if (!MODES.includes(mode)) throw new Error(`sslmode=${mode} is not one of ${MODES.join(', ')}`);
  const preferred = mode === 'prefer' || mode === 'allow';
  // As libpq: without TLS, the certificate parameters are not looked at.
  if (mode === 'disable') return { ssl: false, preferred, certificateNote: 'this seat uses no TLS (sslmode=disable)' };
  const certificate = clientCertificate(params);
  const rootFile = params.get('sslrootcert');
  const ca = rootFile ? readRoot(rootFile) : undefined;
  let verify: ConnectionOptions;
  if (mode === 'verify-full') verify = ca ? { ca } : {};
  else if (mode === 'verify-ca' || (mode === 'require' && ca)) {
    if (!ca) throw new Error('sslmode=verify-ca needs sslrootcert=FILE, the certificate of the CA to check against');
    // The chain is checked; the name in the certificate is not.
    verify = { ca, checkServerIdentity: () => undefined };
  } else verify = { rejectUnauthorized: false };
  return { ssl: { ...verify, ...certificate.tls }, preferred, certificateNote: certificate.note };
}

function readRoot(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`could not read root certificate file "${path}" (sslrootcert): ${(error as Error).message}`);
  }
}
