// The HTTP attack matrix: what a hostile page, a rebinding DNS name or a careless script may send to `hark serve`,
// one row each, against the real server on a real core and real files. Loopback only, every request bounded.
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hark } from '../../src-main/app/hark';
import { tokenCookieName } from '../../src-main/serve/auth';
import { startServer, type RunningServer } from '../../src-main/serve/http-server';
import { openTestCore, waitFor } from '../helpers/open-core';
import { rawRequest, type RawRequest, type RawResponse } from '../helpers/serve';
import { tone } from '../helpers/sounds';

const SECRET = 'TOP-SECRET-MARKER';
const INDEX_HTML = '<!doctype html><title>Hark</title>';

interface Context {
  port: number;
  token: string;
  own: string;
  cookie: string;
  /** A WAV in the library, its id and size. */
  wav: { id: number; size: number };
  /** A link in the library to a file outside it. */
  linkId: number;
  /** A file indexed and then deleted. */
  goneId: number;
}

interface Row {
  name: string;
  request: (c: Context) => RawRequest;
  status: number;
  /** Further checks on the answer. */
  check?: (response: RawResponse, c: Context) => void;
  /** Answered by Node's HTTP parser itself, without Hark's headers. */
  byNode?: true;
}

const json = (response: RawResponse) => JSON.parse(response.body.toString());
const code = (expected: string) => (response: RawResponse) => expect(json(response).code).toBe(expected);
const servesIndex = (response: RawResponse) => expect(response.body.toString()).toBe(INDEX_HTML);

/** An API call as the Hark page makes it, with one thing changed. */
const api = (c: Context, changes: Partial<RawRequest> & { drop?: string[] } = {}): RawRequest => {
  const headers: Record<string, string> = {
    Cookie: c.cookie,
    Origin: c.own,
    'Sec-Fetch-Site': 'same-origin',
    'Content-Type': 'application/json',
    ...(changes.headers as Record<string, string> | undefined),
  };
  for (const name of changes.drop ?? []) delete headers[name];
  return { method: 'POST', path: '/api/listRoots', body: '{}', ...changes, headers };
};
const media = (c: Context, path: string, headers: Record<string, string> = {}): RawRequest => ({
  path,
  headers: { Cookie: c.cookie, ...headers },
});
const page = (c: Context, path: string): RawRequest => ({ path, headers: { Cookie: c.cookie } });

const ROWS: Row[] = [
  // --- the token ---
  { name: 'no token', request: () => ({ path: '/' }), status: 403, check: code('forbidden') },
  { name: 'no token, API', request: (c) => api(c, { drop: ['Cookie'] }), status: 403 },
  // Shared analysis runs in the serving process: started and stopped only by the Hark page, with its token.
  {
    name: 'starting shared analysis without a token',
    request: (c) => api(c, { path: '/api/startSharedAnalysis', drop: ['Cookie'] }),
    status: 403,
    check: code('forbidden'),
  },
  {
    name: 'starting shared analysis from another page of 127.0.0.1',
    request: (c) =>
      api(c, {
        path: '/api/startSharedAnalysis',
        headers: { Origin: 'http://127.0.0.1:1', 'Sec-Fetch-Site': 'same-site' },
      }),
    status: 403,
  },
  {
    name: 'starting shared analysis with a malformed request',
    request: (c) => api(c, { path: '/api/startSharedAnalysis', body: '{"leaseSeconds":"long"}' }),
    status: 400,
    check: (response) => expect(json(response).message).toBe('startSharedAnalysis.leaseSeconds must be a number'),
  },
  {
    name: 'starting shared analysis in a library with no shared catalogue',
    request: (c) => api(c, { path: '/api/startSharedAnalysis' }),
    status: 400,
    check: (response) => expect(json(response).message).toContain('this library has no shared catalogue'),
  },
  {
    name: 'stopping shared analysis when none runs',
    request: (c) => api(c, { path: '/api/stopSharedAnalysis' }),
    status: 200,
    check: (response) => expect(json(response)).toMatchObject({ running: false, phase: 'idle' }),
  },
  {
    name: 'wrong bearer token',
    request: (c) => api(c, { drop: ['Cookie'], headers: { Authorization: 'Bearer x' } }),
    status: 403,
  },
  {
    name: 'token one character off',
    request: (c) => ({
      path: '/',
      headers: { Authorization: `Bearer ${c.token.slice(0, -1)}${c.token.endsWith('A') ? 'B' : 'A'}` },
    }),
    status: 403,
  },
  {
    name: 'token with a suffix',
    request: (c) => ({ path: '/', headers: { Authorization: `Bearer ${c.token}x` } }),
    status: 403,
  },
  {
    name: 'other auth scheme',
    request: (c) => ({ path: '/', headers: { Authorization: `Basic ${c.token}` } }),
    status: 403,
  },
  { name: 'wrong token in the query', request: () => ({ path: '/?token=wrong' }), status: 403 },
  {
    name: 'token in the query opens the page and sets the port’s cookie',
    request: (c) => ({ path: `/?token=${c.token}` }),
    status: 200,
    check: (response, c) => {
      servesIndex(response);
      expect(response.headers['set-cookie']).toEqual([
        `${tokenCookieName(c.port)}=${c.token}; HttpOnly; SameSite=Strict; Path=/`,
      ]);
    },
  },
  {
    name: 'token in the query streams audio',
    request: (c) => ({ path: `/media/${c.wav.id}?token=${c.token}` }),
    status: 200,
  },
  {
    name: 'the cookie of old (one name for every port)',
    request: (c) => ({ path: '/', headers: { Cookie: `hark_token=${c.token}` } }),
    status: 403,
  },
  {
    name: 'the cookie of another port',
    request: (c) => ({ path: '/', headers: { Cookie: `${tokenCookieName(c.port + 1)}=${c.token}` } }),
    status: 403,
  },
  { name: 'the cookie', request: (c) => page(c, '/'), status: 200, check: servesIndex },
  { name: 'event stream without a token', request: () => ({ path: '/api/events' }), status: 403 },

  // --- Host (DNS rebinding) ---
  {
    name: 'foreign Host',
    request: (c) => ({ ...page(c, '/'), headers: { Cookie: c.cookie, Host: `evil.example:${c.port}` } }),
    status: 403,
  },
  {
    name: 'Host of a rebinding name',
    request: (c) => ({ ...page(c, '/'), headers: { Cookie: c.cookie, Host: `localhost.evil.example:${c.port}` } }),
    status: 403,
  },
  {
    name: 'Host on another port',
    request: (c) => ({ ...page(c, '/'), headers: { Cookie: c.cookie, Host: `127.0.0.1:${c.port + 1}` } }),
    status: 403,
  },
  {
    name: 'Host without a port',
    request: (c) => ({ ...page(c, '/'), headers: { Cookie: c.cookie, Host: '127.0.0.1' } }),
    status: 403,
  },
  // HTTP/1.1 requires a Host: Node's parser refuses the request before Hark sees it.
  { name: 'no Host', request: (c) => ({ ...page(c, '/'), setHost: false }), status: 400, byNode: true },
  {
    name: 'Host localhost',
    request: (c) => ({ ...page(c, '/'), headers: { Cookie: c.cookie, Host: `localhost:${c.port}` } }),
    status: 200,
  },
  {
    name: 'API call from the foreign Host’s own origin',
    request: (c) => api(c, { headers: { Host: `evil.example:${c.port}`, Origin: `http://evil.example:${c.port}` } }),
    status: 403,
  },

  // --- Origin (cross-site request forgery) ---
  { name: 'the page itself', request: (c) => api(c), status: 200 },
  { name: 'the page itself, Origin only', request: (c) => api(c, { drop: ['Sec-Fetch-Site'] }), status: 200 },
  { name: 'the page itself, Fetch Metadata only', request: (c) => api(c, { drop: ['Origin'] }), status: 200 },
  {
    name: 'the page at localhost',
    request: (c) => api(c, { headers: { Host: `localhost:${c.port}`, Origin: `http://localhost:${c.port}` } }),
    status: 200,
  },
  {
    name: 'a page on another port of 127.0.0.1',
    request: (c) => api(c, { headers: { Origin: 'http://127.0.0.1:47999', 'Sec-Fetch-Site': 'same-site' } }),
    status: 403,
    check: code('forbidden'),
  },
  {
    name: 'another port, Origin only',
    request: (c) => api(c, { drop: ['Sec-Fetch-Site'], headers: { Origin: 'http://127.0.0.1:47999' } }),
    status: 403,
  },
  {
    name: 'another port, Fetch Metadata only',
    request: (c) => api(c, { drop: ['Origin'], headers: { 'Sec-Fetch-Site': 'same-site' } }),
    status: 403,
  },
  {
    name: 'localhost on another port',
    request: (c) => api(c, { drop: ['Sec-Fetch-Site'], headers: { Origin: 'http://localhost:47999' } }),
    status: 403,
  },
  {
    name: 'a foreign host',
    request: (c) => api(c, { headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' } }),
    status: 403,
  },
  {
    name: 'https on the same port',
    request: (c) => api(c, { drop: ['Sec-Fetch-Site'], headers: { Origin: `https://127.0.0.1:${c.port}` } }),
    status: 403,
  },
  {
    name: 'an opaque origin',
    request: (c) => api(c, { drop: ['Sec-Fetch-Site'], headers: { Origin: 'null' } }),
    status: 403,
  },
  {
    name: 'Origin and Fetch Metadata disagree',
    request: (c) => api(c, { headers: { 'Sec-Fetch-Site': 'cross-site' } }),
    status: 403,
  },
  {
    name: 'neither Origin nor Fetch Metadata',
    request: (c) => api(c, { drop: ['Origin', 'Sec-Fetch-Site'] }),
    status: 403,
  },
  {
    name: 'the forged request of the campaign',
    request: (c) =>
      api(c, {
        path: '/api/addRoot',
        body: '{"path":"/"}',
        drop: ['Sec-Fetch-Site'],
        headers: { Origin: 'http://127.0.0.1:47999', 'Content-Type': 'text/plain;charset=UTF-8' },
      }),
    status: 403,
  },
  {
    name: 'audio embedded by another port',
    request: (c) => media(c, `/media/${c.wav.id}`, { 'Sec-Fetch-Site': 'same-site' }),
    status: 403,
  },
  {
    name: 'audio embedded by another site',
    request: (c) => media(c, `/media/${c.wav.id}`, { 'Sec-Fetch-Site': 'cross-site' }),
    status: 403,
  },
  {
    name: 'events read by another port',
    request: (c) => media(c, '/api/events', { 'Sec-Fetch-Site': 'same-site' }),
    status: 403,
  },
  {
    name: 'audio in the page itself',
    request: (c) => media(c, `/media/${c.wav.id}`, { 'Sec-Fetch-Site': 'same-origin' }),
    status: 200,
  },
  {
    name: 'audio opened by the person',
    request: (c) => media(c, `/media/${c.wav.id}`, { 'Sec-Fetch-Site': 'none' }),
    status: 200,
  },

  // --- bodies ---
  {
    name: 'text/plain body',
    request: (c) => api(c, { headers: { 'Content-Type': 'text/plain' } }),
    status: 415,
    check: code('bad-request'),
  },
  {
    name: 'form body',
    request: (c) => api(c, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1' }),
    status: 415,
  },
  {
    name: 'multipart body',
    request: (c) => api(c, { headers: { 'Content-Type': 'multipart/form-data; boundary=x' } }),
    status: 415,
  },
  { name: 'no Content-Type', request: (c) => api(c, { drop: ['Content-Type'] }), status: 415 },
  {
    name: 'JSON with a charset',
    request: (c) => api(c, { headers: { 'Content-Type': 'application/json; charset=utf-8' } }),
    status: 200,
  },
  { name: 'empty JSON body', request: (c) => api(c, { body: '' }), status: 200 },
  { name: 'broken JSON', request: (c) => api(c, { body: '{"path":' }), status: 400, check: code('bad-request') },
  { name: 'a list for a request', request: (c) => api(c, { body: '[]' }), status: 400 },
  { name: 'an unknown field', request: (c) => api(c, { body: '{"x":1}' }), status: 400 },
  {
    name: 'an inherited name as a field',
    request: (c) => api(c, { path: '/api/getSettings', body: '{"__proto__":{}}' }),
    status: 400,
  },
  {
    name: 'a body over 1 MB',
    request: (c) => api(c, { path: '/api/createCollection', body: JSON.stringify({ name: 'x'.repeat(1_200_000) }) }),
    status: 413,
    check: code('bad-request'),
  },
  {
    name: 'a body over 1 MB, sent in chunks without a length',
    request: (c) => ({
      ...api(c, { path: '/api/createCollection' }),
      body: undefined,
      chunked: Array<string>(12).fill('x'.repeat(100_000)),
    }),
    status: 413,
  },
  { name: 'an API call by GET', request: (c) => ({ ...api(c), method: 'GET', body: undefined }), status: 400 },
  {
    name: 'an unknown method',
    request: (c) => api(c, { path: '/api/installModels' }),
    status: 404,
    check: code('not-found'),
  },
  {
    name: 'an admin method',
    request: (c) => api(c, { path: '/api/writeFileMeta', body: '{"path":"/etc/passwd"}' }),
    status: 404,
  },
  { name: 'PUT on a page', request: (c) => ({ ...page(c, '/'), method: 'PUT' }), status: 400 },

  // --- traversal: static files ---
  ...[
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/..%2F..%2Fsecret.txt',
    '/%252e%252e/secret.txt',
    '/%252e%252e%252fsecret.txt',
    '/assets/../../secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..\\secret.txt',
    '/.%2e/secret.txt',
    '//secret.txt',
    '/%00',
    '/secret.txt%00.js',
    '/media/%2e%2e/secret.txt',
  ].map((path): Row => ({ name: `static ${path}`, request: (c) => page(c, path), status: 200, check: servesIndex })),
  {
    name: 'a real asset',
    request: (c) => page(c, '/assets/app.js'),
    status: 200,
    check: (r) => expect(r.body.toString()).toBe('app();'),
  },

  // --- traversal and ids: media ---
  ...[
    '/media/..%2fsecret.txt',
    '/media/1%2f..',
    '/media/-1',
    '/media/1.5',
    '/media/1e3',
    '/media/0x1',
    '/media/',
    '/media/1/2',
    '/media/%201',
    '/media/99999999999999999999',
  ].map((path): Row => ({
    name: `media ${path}`,
    request: (c) => media(c, path),
    status: 400,
    check: code('bad-request'),
  })),
  { name: 'media of an unknown id', request: (c) => media(c, '/media/999999'), status: 404, check: code('not-found') },
  {
    name: 'media through a link out of the library',
    request: (c) => media(c, `/media/${c.linkId}`),
    status: 403,
    check: code('forbidden'),
  },
  {
    name: 'media of a deleted file',
    request: (c) => media(c, `/media/${c.goneId}`),
    status: 404,
    check: code('not-found'),
  },

  // --- malformed encodings ---
  {
    name: 'malformed token cookie',
    request: (c) => ({ path: '/', headers: { Cookie: `${tokenCookieName(c.port)}=%E0%A4%A` } }),
    status: 400,
    check: code('bad-request'),
  },
  {
    name: 'malformed other cookie',
    request: (c) => ({ path: '/', headers: { Cookie: `theme=%; ${c.cookie}` } }),
    status: 200,
  },
  { name: 'malformed path', request: (c) => page(c, '/%E0%A4%A'), status: 400, check: code('bad-request') },
  { name: 'lone percent in a path', request: (c) => page(c, '/a%'), status: 400 },
  { name: 'an overlong UTF-8 slash in a path', request: (c) => page(c, '/..%c0%afsecret.txt'), status: 400 },
  { name: 'malformed query token', request: () => ({ path: '/?token=%E0%A4%A' }), status: 403 },
  { name: 'malformed media id', request: (c) => media(c, '/media/%E0%A4%A'), status: 400 },

  // --- ranges ---
  {
    name: 'a range',
    request: (c) => media(c, `/media/${c.wav.id}`, { Range: 'bytes=0-11' }),
    status: 206,
    check: (r, c) => {
      expect(r.headers['content-range']).toBe(`bytes 0-11/${c.wav.size}`);
      expect(r.body.subarray(0, 4).toString()).toBe('RIFF');
      expect(r.body.length).toBe(12);
    },
  },
  {
    name: 'a suffix range',
    request: (c) => media(c, `/media/${c.wav.id}`, { Range: 'bytes=-4' }),
    status: 206,
    check: (r, c) =>
      expect([r.headers['content-range'], r.body.length]).toEqual([
        `bytes ${c.wav.size - 4}-${c.wav.size - 1}/${c.wav.size}`,
        4,
      ]),
  },
  {
    name: 'an open range',
    request: (c) => media(c, `/media/${c.wav.id}`, { Range: 'bytes=100-' }),
    status: 206,
    check: (r, c) => expect(r.body.length).toBe(c.wav.size - 100),
  },
  {
    name: 'a range past the end is cut to the file',
    request: (c) => media(c, `/media/${c.wav.id}`, { Range: 'bytes=0-999999999' }),
    status: 206,
    check: (r, c) => expect(r.body.length).toBe(c.wav.size),
  },
  ...['bytes=0-1,4-5', 'bytes=0-1, 4-5'].map((range): Row => ({
    name: `several ranges (${range}): one range or none`,
    request: (c) => media(c, `/media/${c.wav.id}`, { Range: range }),
    status: 416,
    check: (r, c) => expect(r.headers['content-range']).toBe(`bytes */${c.wav.size}`),
  })),
  ...[
    'bytes=999999999-',
    'bytes=5-2',
    'bytes=-0',
    'bytes=abc',
    'bytes=-',
    'items=0-1',
    'bytes=0x10-',
    'bytes=1-2-3',
  ].map((range): Row => ({
    name: `out of range or malformed: ${range}`,
    request: (c) => media(c, `/media/${c.wav.id}`, { Range: range }),
    status: 416,
    check: (r) => expect(r.body.length).toBe(0),
  })),
  {
    name: 'the whole file',
    request: (c) => media(c, `/media/${c.wav.id}`),
    status: 200,
    check: (r, c) => expect([r.headers['accept-ranges'], r.body.length]).toEqual(['bytes', c.wav.size]),
  },
  {
    name: 'HEAD of a range',
    request: (c) => ({ ...media(c, `/media/${c.wav.id}`, { Range: 'bytes=0-9' }), method: 'HEAD' }),
    status: 206,
    check: (r) => expect([r.headers['content-length'], r.body.length]).toEqual(['10', 0]),
  },
];

describe('hark serve: the attack matrix', () => {
  let dir: string;
  let core: Hark;
  let running: RunningServer;
  let context: Context;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hark-matrix-'));
    const library = join(dir, 'library');
    const outside = join(dir, 'outside');
    const rendererDir = join(dir, 'renderer');
    mkdirSync(library);
    mkdirSync(outside);
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'app();');
    // Secrets one and two levels above the app folder, and beside the library.
    writeFileSync(join(dir, 'secret.txt'), SECRET);
    writeFileSync(join(rendererDir, '..', 'secret.txt'), SECRET);
    writeFileSync(join(outside, 'secret.txt'), SECRET);
    const wav = tone(library, 'kick.wav', { seconds: 0.2 });
    tone(library, 'gone.wav');
    tone(outside, 'secret.wav');
    symlinkSync(join(outside, 'secret.wav'), join(library, 'link.wav'));

    core = await openTestCore(dir);
    running = await startServer(core, { rendererDir });
    const own = `http://127.0.0.1:${running.port}`;
    const cookie = `${tokenCookieName(running.port)}=${running.token}`;
    await core.addRoot({ path: library });
    await core.indexNow(false);
    await waitFor(async () => (await core.getProgress()).phase === 'done');
    const ids = new Map((await core.search({ text: '', limit: 10 })).hits.map((hit) => [hit.name, hit.id]));
    rmSync(join(library, 'gone.wav'));
    context = {
      port: running.port,
      token: running.token,
      own,
      cookie,
      wav: { id: ids.get('kick.wav')!, size: statSync(wav).size },
      linkId: ids.get('link.wav')!,
      goneId: ids.get('gone.wav')!,
    };
  });

  afterAll(async () => {
    await running?.close();
    core?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(ROWS)('$name: $status', async ({ request, status, check, byNode }) => {
    const response = await rawRequest(context.port, request(context));
    expect(response.status).toBe(status);
    check?.(response, context);
    expect(response.body.toString()).not.toContain(SECRET);
    // Every answer carries the hardening headers, refusals included.
    expect(response.headers['x-content-type-options']).toBe(byNode ? undefined : 'nosniff');
  });

  it('leaves the library as it was', async () => {
    expect((await core.listRoots()).map((root) => root.fileCount)).toEqual([3]);
    expect(await core.listCollections()).toEqual([]);
  });
});
