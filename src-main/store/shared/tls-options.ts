import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { certificateFolder, clientCertificate } from './client-certificate';

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

/** libpq's environment variables for the TLS parameters: each stands in where the URL does not give its parameter. */
const ENVIRONMENT = { sslmode: 'PGSSLMODE', sslrootcert: 'PGSSLROOTCERT', sslcert: 'PGSSLCERT', sslkey: 'PGSSLKEY' };

/** The URL's TLS parameters, with libpq's environment variables for those it does not give. */
export function withTlsEnvironment(params: URLSearchParams, env: NodeJS.ProcessEnv = process.env): URLSearchParams {
  const merged = new URLSearchParams(params);
  for (const [parameter, variable] of Object.entries(ENVIRONMENT))
    if (!merged.get(parameter) && env[variable]) merged.set(parameter, env[variable]);
  return merged;
}

/**
 * sslmode absent or prefer/allow tries TLS without checking the certificate (and falls back to none, see
 * `preferred`); require encrypts without checking it, unless a root certificate is there: then it checks the chain;
 * verify-ca checks the chain; verify-full also the host name. The root certificate is sslrootcert's file, else
 * libpq's ~/.postgresql/root.crt when it exists; sslrootcert=system trusts the system's CAs and, as in libpq, asks
 * for verify-full. Throws a person's reason for an unusable setting.
 */
export function tlsSettings(params: URLSearchParams): TlsSettings {
  const system = params.get('sslrootcert') === 'system';
  const mode = params.get('sslmode') || (system ? 'verify-full' : 'prefer');
  if (!MODES.includes(mode)) throw new Error(`sslmode=${mode} is not one of ${MODES.join(', ')}`);
  const preferred = mode === 'prefer' || mode === 'allow';
  // As libpq: without TLS, the certificate parameters are not looked at.
  if (mode === 'disable') return { ssl: false, preferred, certificateNote: 'this seat uses no TLS (sslmode=disable)' };
  if (system && mode !== 'verify-full')
    throw new Error(`sslrootcert=system asks for sslmode=verify-full (the system's CAs vouch for names), not ${mode}`);
  const certificate = clientCertificate(params);
  const ca = system ? undefined : rootCertificate(params.get('sslrootcert') || null, mode);
  let verify: ConnectionOptions;
  if (mode === 'verify-full') verify = ca ? { ca } : {};
  else if (mode === 'verify-ca' || (mode === 'require' && ca)) {
    if (!ca)
      throw new Error(
        `sslmode=verify-ca needs sslrootcert=FILE, the certificate of the CA to check against ` +
          `(or that certificate at ${defaultRoot()})`,
      );
    // The chain is checked; the name in the certificate is not.
    verify = { ca, checkServerIdentity: () => undefined };
  } else verify = { rejectUnauthorized: false };
  return { ssl: { ...verify, ...certificate.tls }, preferred, certificateNote: certificate.note };
}

const defaultRoot = () => join(certificateFolder(), 'root.crt');

/**
 * The CA certificate to check the server against: the named file, else libpq's default file where it exists. As in
 * libpq, only the modes that may check a chain look at the default (prefer and allow never check one).
 */
function rootCertificate(named: string | null, mode: string): string | undefined {
  if (named) return readRoot(named);
  if (mode === 'prefer' || mode === 'allow' || !existsSync(defaultRoot())) return undefined;
  return readRoot(defaultRoot());
}

function readRoot(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`could not read root certificate file "${path}" (sslrootcert): ${(error as Error).message}`);
  }
}
