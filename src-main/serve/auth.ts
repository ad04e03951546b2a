import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { badRequest } from '../base/errors';

/**
 * The token cookie's name on one port. Browsers send a cookie to every port of a host, so a fixed name would let
 * two servers on 127.0.0.1 read, and overwrite, each other's token; a name per port keeps each one's own.
 */
export function tokenCookieName(port: number): string {
  return `hark_token_${port}`;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** A percent-decoded URL part; a malformed escape is the client's mistake (400), not the server's. */
export function decodeUrlPart(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw badRequest(`The ${what} has a malformed percent-encoding.`);
  }
}

/** The token a request carries: Authorization header, then the cookie named `cookieName`, then `?token=`. */
export function presentedToken(request: IncomingMessage, url: URL, cookieName: string): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const cookie = request.headers.cookie
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === cookieName);
  if (cookie?.[1]) return decodeUrlPart(cookie[1], 'token cookie');
  return url.searchParams.get('token');
}

export function tokenMatches(presented: string | null, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Refuses requests whose Host is not this loopback server: a web page elsewhere cannot reach it through a DNS name
 * that resolves to 127.0.0.1 (DNS rebinding).
 */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

/**
 * True when a browser says the request comes from a page of this very server. A page of another port on 127.0.0.1
 * is "same-site" and gets the cookie, so only same-origin will do: the Origin must be this server's own (scheme,
 * the Host already checked, port), or Fetch Metadata must say same-origin. Neither header may contradict the other,
 * and a request with neither (not made by a browser page) is refused too: state changes come from the app.
 */
export function sameOrigin(headers: IncomingMessage['headers']): boolean {
  const origin = headers.origin;
  const site = headers['sec-fetch-site'];
  if (origin === undefined && site === undefined) return false;
  if (origin !== undefined && origin !== `http://${headers.host}`) return false;
  return site === undefined || site === 'same-origin';
}

/**
 * True when a page of another site or port asked (Fetch Metadata), for reads that must not be embedded elsewhere:
 * `none` is the person opening the address themselves.
 */
export function crossOriginFetch(headers: IncomingMessage['headers']): boolean {
  const site = headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

/** True for `application/json`, with or without parameters: bodies a page can only send after a CORS preflight. */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}
