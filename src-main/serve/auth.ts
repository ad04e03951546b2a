import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'hark_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The token a request carries: Authorization header, then cookie, then `?token=`. */
export function presentedToken(request: IncomingMessage, url: URL): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const cookie = request.headers.cookie
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === TOKEN_COOKIE);
  if (cookie?.[1]) return decodeURIComponent(cookie[1]);
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
