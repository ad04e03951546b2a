import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hark } from '../../src-main/app/hark';
import { startServer, type RunningServer } from '../../src-main/serve/http-server';
import { openTestCore, waitFor } from '../helpers/open-core';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

describe('hark serve (HTTP mode)', () => {
  const tempDir = useTempDirs();
  let running: RunningServer | null = null;
  let core: Hark | null = null;
  afterEach(async () => {
    await running?.close();
    core?.close();
    running = null;
    core = null;
  });

  async function setUp() {
    const dir = tempDir();
    const library = join(dir, 'library');
    const outside = join(dir, 'outside');
    mkdirSync(library);
    mkdirSync(outside);
    tone(library, 'kick_hard.wav', { freq: 60 });
    tone(library, 'snare.wav', { freq: 200 });
    tone(outside, 'secret.wav');
    symlinkSync(join(outside, 'secret.wav'), join(library, 'link-to-secret.wav'));
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Hark</title>');
    core = await openTestCore(dir);
    running = await startServer(core, { rendererDir });
    const base = `http://127.0.0.1:${running.port}`;
    const auth = { Authorization: `Bearer ${running.token}` };
    const call = async (method: string, body: unknown = {}) => {
      const response = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: await response.json() };
    };
    return { base, auth, call, library, running };
  }

  it('binds to loopback only', async () => {
    const { running } = await setUp();
    expect(running.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('refuses requests without the right token, and from foreign Host names', async () => {
    const { base, running } = await setUp();
    expect((await fetch(`${base}/api/listRoots`, { method: 'POST' })).status).toBe(403);
    expect((await fetch(`${base}/api/listRoots`, { method: 'POST', headers: { Authorization: 'Bearer wrong' } })).status).toBe(403);
    expect((await fetch(`${base}/`)).status).toBe(403);
    const status = await new Promise<number>((resolve) => {
      httpRequest({ host: '127.0.0.1', port: running.port, path: `/?token=${running.token}`, headers: { Host: 'evil.example:80' } }, (res) =>
        resolve(res.statusCode ?? 0),
      ).end();
    });
    expect(status).toBe(403);
  });

  it('serves the app with the token in the URL and remembers it in an HttpOnly cookie', async () => {
    const { base, running } = await setUp();
    const page = await fetch(`${base}/?token=${running.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Hark</title>');
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toMatch(/hark_token=.*HttpOnly.*SameSite=Strict/);
    const again = await fetch(`${base}/some/route`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(again.status).toBe(200);
    const traversal = await fetch(`${base}/..%2f..%2f..%2fetc%2fpasswd`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(await traversal.text()).not.toContain('root:');
  });

  it('runs the API end to end: add a folder, index, search, stream with ranges', async () => {
    const { base, auth, call, library } = await setUp();
    expect((await call('addRoot', { path: library })).status).toBe(200);
    await call('startIndexing', {});
    await waitFor(async () => (await call('getProgress')).body.phase === 'done');
    const search = await call('search', { text: 'kick' });
    expect(search.status).toBe(200);
    expect(search.body.hits.map((hit: { name: string }) => hit.name)).toEqual(['kick_hard.wav']);
    const id = search.body.hits[0].id;

    const partial = await fetch(`${base}/media/${id}`, { headers: { ...auth, Range: 'bytes=0-11' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toMatch(/^bytes 0-11\/\d+$/);
    expect(Buffer.from(await partial.arrayBuffer()).subarray(0, 4).toString()).toBe('RIFF');

    const peaks = await call('getPeaks', { fileId: id });
    expect(peaks.status).toBe(200);
    expect(peaks.body.data.length).toBeGreaterThan(10);
  });

  it('never serves a file that resolves outside the library folders', async () => {
    const { base, auth, call, library } = await setUp();
    await call('addRoot', { path: library });
    await call('startIndexing', { analyse: false });
    await waitFor(async () => (await call('getProgress')).body.phase === 'done');
    const found = await call('search', { text: 'link' });
    const id = found.body.hits[0].id;
    const response = await fetch(`${base}/media/${id}`, { headers: auth });
    expect(response.status).toBe(403);
    expect((await fetch(`${base}/media/999999`, { headers: auth })).status).toBe(404);
  });

  it('answers bad requests with a JSON error', async () => {
    const { call } = await setUp();
    expect(await call('search', { text: 42 })).toEqual({ status: 400, body: { code: 'bad-request', message: 'search.text must be a string' } });
    expect((await call('noSuchMethod')).status).toBe(404);
    expect((await call('addRoot', { path: 'relative/path' })).status).toBe(400);
  });

  it('streams progress as server-sent events', async () => {
    const { base, auth, call, library } = await setUp();
    await call('addRoot', { path: library });
    const controller = new AbortController();
    const events = await fetch(`${base}/api/events`, { headers: auth, signal: controller.signal });
    expect(events.headers.get('content-type')).toBe('text/event-stream');
    const reader = events.body!.getReader();
    await call('startIndexing', {});
    let text = '';
    while (!text.includes('"phase":"done"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('data: {"type":"progress"');
  });
});
