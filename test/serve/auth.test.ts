import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hostAllowed, newToken, presentedToken, TOKEN_COOKIE, tokenMatches } from '../../src-main/serve/auth';

const requestWith = (headers: IncomingMessage['headers']) => ({ headers }) as IncomingMessage;
const url = (query = '') => new URL(`http://127.0.0.1:4000/api/listRoots${query}`);

describe('HTTP mode authentication', () => {
  it('makes a fresh URL-safe 192-bit token each time', () => {
    const tokens = new Set(Array.from({ length: 50 }, newToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('reads the token from the Authorization header first, then the cookie, then the query', () => {
    const all = requestWith({ authorization: 'Bearer from-header ', cookie: `${TOKEN_COOKIE}=from-cookie` });
    expect(presentedToken(all, url('?token=from-query'))).toBe('from-header');
    const cookieAndQuery = requestWith({ cookie: `theme=dark; ${TOKEN_COOKIE}=from%2Dcookie; other=1` });
    expect(presentedToken(cookieAndQuery, url('?token=from-query'))).toBe('from-cookie');
    expect(presentedToken(requestWith({}), url('?token=from-query'))).toBe('from-query');
    expect(presentedToken(requestWith({}), url())).toBeNull();
  });

  it('ignores an Authorization header of another scheme and cookies of other names', () => {
    const request = requestWith({
      authorization: 'Basic dXNlcjpwYXNz',
      cookie: `not_${TOKEN_COOKIE}=x; ${TOKEN_COOKIE}=`,
    });
    expect(presentedToken(request, url('?token=q'))).toBe('q');
    expect(presentedToken(request, url())).toBeNull();
  });

  it('accepts only the exact token', () => {
    const token = newToken();
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(`${token}x`, token)).toBe(false);
    expect(tokenMatches(token.slice(1), token)).toBe(false);
    expect(tokenMatches(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenMatches(null, token)).toBe(false);
  });

  it('allows only loopback Host names on its own port (no DNS rebinding)', () => {
    expect(hostAllowed('127.0.0.1:4000', 4000)).toBe(true);
    expect(hostAllowed('localhost:4000', 4000)).toBe(true);
    expect(hostAllowed('[::1]:4000', 4000)).toBe(true);
    expect(hostAllowed('127.0.0.1:4001', 4000)).toBe(false);
    expect(hostAllowed('127.0.0.1', 4000)).toBe(false);
    expect(hostAllowed('evil.example:4000', 4000)).toBe(false);
    expect(hostAllowed('localhost.evil.example:4000', 4000)).toBe(false);
    expect(hostAllowed(undefined, 4000)).toBe(false);
  });
});
