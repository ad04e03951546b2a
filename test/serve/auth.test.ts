import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  crossOriginFetch,
  decodeUrlPart,
  hostAllowed,
  isJsonContentType,
  newToken,
  presentedToken,
  sameOrigin,
  tokenCookieName,
  tokenMatches,
} from '../../src-main/serve/auth';

const requestWith = (headers: IncomingMessage['headers']) => ({ headers }) as IncomingMessage;
const url = (query = '') => new URL(`http://127.0.0.1:4000/api/listRoots${query}`);
const TOKEN_COOKIE = tokenCookieName(4000);

describe('HTTP mode authentication', () => {
  it('makes a fresh URL-safe 192-bit token each time', () => {
    const tokens = new Set(Array.from({ length: 50 }, newToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('reads the token from the Authorization header first, then the cookie, then the query', () => {
    const all = requestWith({ authorization: 'Bearer from-header ', cookie: `${TOKEN_COOKIE}=from-cookie` });
    expect(presentedToken(all, url('?token=from-query'), TOKEN_COOKIE)).toBe('from-header');
    const cookieAndQuery = requestWith({ cookie: `theme=dark; ${TOKEN_COOKIE}=from%2Dcookie; other=1` });
    expect(presentedToken(cookieAndQuery, url('?token=from-query'), TOKEN_COOKIE)).toBe('from-cookie');
    expect(presentedToken(requestWith({}), url('?token=from-query'), TOKEN_COOKIE)).toBe('from-query');
    expect(presentedToken(requestWith({}), url(), TOKEN_COOKIE)).toBeNull();
  });

  it('ignores an Authorization header of another scheme and cookies of other names', () => {
    const request = requestWith({
      authorization: 'Basic dXNlcjpwYXNz',
      cookie: `not_${TOKEN_COOKIE}=x; ${TOKEN_COOKIE}=`,
    });
    expect(presentedToken(request, url('?token=q'), TOKEN_COOKIE)).toBe('q');
    expect(presentedToken(request, url(), TOKEN_COOKIE)).toBeNull();
  });

  it('names the cookie after the port, and reads only the cookie of its own port', () => {
    expect(TOKEN_COOKIE).toBe('hark_token_4000');
    const otherPort = requestWith({ cookie: `${tokenCookieName(4001)}=theirs; hark_token=legacy` });
    expect(presentedToken(otherPort, url(), TOKEN_COOKIE)).toBeNull();
    expect(presentedToken(otherPort, url(), tokenCookieName(4001))).toBe('theirs');
  });

  it('answers a malformed percent-encoding in its cookie or a path as a bad request', () => {
    const malformed = requestWith({ cookie: `${TOKEN_COOKIE}=%E0%A4%A` });
    expect(() => presentedToken(malformed, url(), TOKEN_COOKIE)).toThrow(
      expect.objectContaining({ code: 'bad-request', message: 'The token cookie has a malformed percent-encoding.' }),
    );
    // Someone else's malformed cookie is none of its business.
    expect(presentedToken(requestWith({ cookie: `other=%; ${TOKEN_COOKIE}=ok` }), url(), TOKEN_COOKIE)).toBe('ok');
    expect(decodeUrlPart('/a%20b', 'path')).toBe('/a b');
    expect(() => decodeUrlPart('/%zz', 'path')).toThrow(expect.objectContaining({ code: 'bad-request' }));
  });

  it('calls a request same-origin only when Origin is the server itself or Fetch Metadata says so', () => {
    const host = '127.0.0.1:4000';
    expect(sameOrigin({ host, origin: 'http://127.0.0.1:4000' })).toBe(true);
    expect(sameOrigin({ host: 'localhost:4000', origin: 'http://localhost:4000' })).toBe(true);
    expect(sameOrigin({ host, 'sec-fetch-site': 'same-origin' })).toBe(true);
    expect(sameOrigin({ host, origin: 'http://127.0.0.1:4000', 'sec-fetch-site': 'same-origin' })).toBe(true);
    expect(sameOrigin({ host })).toBe(false);
    expect(sameOrigin({ host, origin: 'http://127.0.0.1:47999' })).toBe(false);
    expect(sameOrigin({ host, origin: 'http://localhost:4000' })).toBe(false);
    expect(sameOrigin({ host, origin: 'https://127.0.0.1:4000' })).toBe(false);
    expect(sameOrigin({ host, origin: 'null' })).toBe(false);
    expect(sameOrigin({ host, 'sec-fetch-site': 'same-site' })).toBe(false);
    expect(sameOrigin({ host, 'sec-fetch-site': 'none' })).toBe(false);
    expect(sameOrigin({ host, origin: 'http://127.0.0.1:4000', 'sec-fetch-site': 'cross-site' })).toBe(false);
  });

  it('tells reads embedded by other pages from the page itself and from the person', () => {
    expect(crossOriginFetch({})).toBe(false);
    expect(crossOriginFetch({ 'sec-fetch-site': 'same-origin' })).toBe(false);
    expect(crossOriginFetch({ 'sec-fetch-site': 'none' })).toBe(false);
    expect(crossOriginFetch({ 'sec-fetch-site': 'same-site' })).toBe(true);
    expect(crossOriginFetch({ 'sec-fetch-site': 'cross-site' })).toBe(true);
  });

  it('takes only JSON bodies', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset=utf-8')).toBe(true);
    expect(isJsonContentType('text/plain;charset=UTF-8')).toBe(false);
    expect(isJsonContentType('application/x-www-form-urlencoded')).toBe(false);
    expect(isJsonContentType('multipart/form-data; boundary=x')).toBe(false);
    expect(isJsonContentType('application/jsonp')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
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
