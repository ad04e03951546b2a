import { badRequest } from './errors';

// A shared catalogue's connection string carries its password: this is the one place that turns it into text a
// person may see (messages, logs, `hark catalogue` output).

const SCHEMES = ['postgres:', 'postgresql:'];
const MASK = '****';
/** Parameters that hold a secret: the login's password, and libpq's passphrase for an encrypted client key. */
const SECRET_PARAMETERS = ['password', 'sslpassword'];

/** Throws a bad request (with the masked URL) unless `url` is a postgres:// or postgresql:// URL. */
export function checkConnectionUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest('The shared catalogue needs a URL like postgres://user@host:5432/database.');
  }
  if (!SCHEMES.includes(parsed.protocol) || !parsed.hostname)
    throw badRequest(`${maskConnectionUrl(url)} is not a postgres://user@host/database URL.`);
}

/** The URL with its password (in the user part or a `password=` parameter) and any `sslpassword=` replaced by ****. */
export function maskConnectionUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(a connection string that is not a URL)';
  }
  if (parsed.password) parsed.password = MASK;
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMETERS.includes(key.toLowerCase())) parsed.searchParams.set(key, MASK);
  }
  // URL escapes the mask's asterisks in the user part; a person should read them as asterisks.
  return parsed.href.replaceAll('%2A', '*');
}
