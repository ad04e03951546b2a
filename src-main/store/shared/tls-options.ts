import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCACertificates, type ConnectionOptions } from 'node:tls';
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
 * As libpq: sslmode absent or prefer/allow tries TLS (and falls back to none, see `preferred`), require insists on
 * it, verify-ca checks the certificate's chain and verify-full also the host name. The root certificate is
 * sslrootcert's file, else ~/.postgresql/root.crt when it exists; whenever there is one the chain is checked, in every
 * mode (libpq verifies the peer once it has a root file). verify-ca and verify-full need one. sslrootcert=system
 * trusts the system's CAs, with verify-full only. Throws a person's reason for an unusable setting.
 */
export function tlsSettings(params: URLSearchParams): TlsSettings {
  const system = params.get('sslrootcert') === 'system';
  const mode = params.get('sslmode') || (system ? 'verify-full' : 'prefer');
  if (!MODES.includes(mode)) throw new Error(`sslmode=${mode} is not one of ${MODES.join(', ')}`);
  if (system && mode !== 'verify-full')
    throw new Error(`sslrootcert=system asks for sslmode=verify-full (the system's CAs vouch for names), not ${mode}`);
  const preferred = mode === 'prefer' || mode === 'allow';
  // As libpq: without TLS, the certificate parameters are not looked at.
  if (mode === 'disable') return { ssl: false, preferred, certificateNote: 'this seat uses no TLS (sslmode=disable)' };
  const certificate = clientCertificate(params);
  const ca = system ? systemCertificates() : rootCertificate(params.get('sslrootcert') || null);
  if (!ca && (mode === 'verify-ca' || mode === 'verify-full'))
    throw new Error(
      `sslmode=${mode} needs sslrootcert=FILE, the certificate of the CA to check against ` +
        `(or that certificate at ${defaultRoot()}; root certificate file "${defaultRoot()}" does not exist)`,
    );
  let verify: ConnectionOptions;
  if (!ca) verify = { rejectUnauthorized: false };
  else if (mode === 'verify-full') verify = { ca };
  // The chain is checked; the name in the certificate is not.
  else verify = { ca, checkServerIdentity: () => undefined };
  return { ssl: { ...verify, ...certificate.tls }, preferred, certificateNote: certificate.note };
}

const defaultRoot = () => join(certificateFolder(), 'root.crt');

/** The CA certificate to check the server against: the named file, else libpq's default file where it exists. */
function rootCertificate(named: string | null): string | undefined {
  if (named) return readRoot(named);
  return existsSync(defaultRoot()) ? readRoot(defaultRoot()) : undefined;
}

/** The operating system's trusted CAs (libpq's sslrootcert=system), not the list bundled with Node. */
function systemCertificates(): string[] {
  const certificates = getCACertificates('system');
  if (!certificates.length) throw new Error('sslrootcert=system, but this system lists no trusted CA certificates');
  return certificates;
}

function readRoot(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`could not read root certificate file "${path}" (sslrootcert): ${(error as Error).message}`);
  }
}
