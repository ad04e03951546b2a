// The client against a real HTTP server speaking the documented protocol (docs/DEVELOPING.md, "HTTP mode"),
// and against a stand-in for the Electron preload.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarkEvent } from '../../../src-main/api/contract';
import { connect, createHttpClient, createIpcClient, type PreloadApi } from '../../../src-renderer/lib/api-client';
import { HarkApiError } from '../../../src-renderer/lib/api-error';

const TOKEN = 'secret-token';
let server: Server;
let baseUrl: string;
const received: Array<{ method: string; body: unknown }> = [];
const eventStreams = new Set<ServerResponse>();
let eventConnections = 0;

function authorised(req: IncomingMessage): boolean {
  return req.headers.authorization === `Bearer ${TOKEN}`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (!authorised(req)) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ code: 'forbidden', message: 'bad token' }));
      return;
    }
    if (req.method === 'GET' && req.url === '/api/events') {
      eventConnections++;
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(': hello\n\n');
      eventStreams.add(res);
      req.on('close', () => eventStreams.delete(res));
      return;
    }
    const method = req.url?.replace('/api/', '') ?? '';
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const body = JSON.parse(raw);
      received.push({ method, body });
      res.setHeader('Content-Type', 'application/json');
      if (method === 'listRoots') return res.end(JSON.stringify([{ id: 1, path: '/s', addedAt: 1, fileCount: 2 }]));
      if (method === 'exportCsv') return res.end(JSON.stringify({ csv: 'path\r\n', files: 0 }));
      if (method === 'getFile') {
        res.statusCode = 404;
        return res.end(JSON.stringify({ code: 'not-found', message: `no file ${body.fileId}` }));
      }
      res.statusCode = 500;
      res.end('not json at all');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  for (const res of eventStreams) res.end();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function send(event: HarkEvent) {
  // Split each event across two writes to check the client reassembles it.
  const text = `data: ${JSON.stringify(event)}\n\n`;
  for (const res of eventStreams) {
    res.write(text.slice(0, 7));
    res.write(text.slice(7));
  }
}

describe('HTTP client', () => {
  it('POSTs the request as JSON with the bearer token and returns the JSON result', async () => {
    const client = createHttpClient({ baseUrl, token: TOKEN });
    const roots = await client.listRoots({});
    expect(roots).toEqual([{ id: 1, path: '/s', addedAt: 1, fileCount: 2 }]);
    expect(received.at(-1)).toEqual({ method: 'listRoots', body: {} });
  });

  it('turns error bodies into HarkApiError with the contract code', async () => {
    const client = createHttpClient({ baseUrl, token: TOKEN });
    const error = await client.getFile({ fileId: 9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarkApiError);
    expect(error).toMatchObject({ code: 'not-found', message: 'no file 9', status: 404 });
    const bad = await client.getInfo({}).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'internal', status: 500 });
    const denied = await createHttpClient({ baseUrl, token: 'wrong' })
      .listRoots({})
      .catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: 'forbidden', status: 401 });
  });

  it('carries the caption, rename, metadata, export and similar methods, typed by the contract', async () => {
    const client = createHttpClient({ baseUrl, token: TOKEN });
    expect(await client.exportCsv({})).toEqual({ csv: 'path\r\n', files: 0 });
    const ignore = () => undefined; // the stand-in server answers these with a 500
    await client.caption({ folder: '/s', write: true }).catch(ignore);
    expect(received.at(-1)).toEqual({ method: 'caption', body: { folder: '/s', write: true } });
    await client.previewUcsRenames({ creatorId: 'JD' }).catch(ignore);
    expect(received.at(-1)).toEqual({ method: 'previewUcsRenames', body: { creatorId: 'JD' } });
    await client.applyUcsRenames({ minConfidence: 0.5 }).catch(ignore);
    expect(received.at(-1)).toEqual({ method: 'applyUcsRenames', body: { minConfidence: 0.5 } });
    await client.undoRenames({ batch: 2 }).catch(ignore);
    expect(received.at(-1)).toEqual({ method: 'undoRenames', body: { batch: 2 } });
    await client.getMeta({ fileId: 3 }).catch(ignore);
    expect(received.at(-1)).toEqual({ method: 'getMeta', body: { fileId: 3 } });
    await client.setMeta({ fileId: 3, description: 'Door', catId: 'DOORWood' }).catch(ignore);
    expect(received.at(-1)).toEqual({ method: 'setMeta', body: { fileId: 3, description: 'Door', catId: 'DOORWood' } });
    await client.similar({ fileId: 3, filters: { formats: ['wav'] } }).catch(ignore);
    expect(received.at(-1)).toEqual({ method: 'similar', body: { fileId: 3, filters: { formats: ['wav'] } } });
  });

  it('reports an unreachable service as unavailable', async () => {
    const client = createHttpClient({ baseUrl: 'http://127.0.0.1:9/', token: TOKEN });
    await expect(client.getInfo({})).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('builds media URLs carrying the token for <audio>', () => {
    expect(createHttpClient({ baseUrl, token: 'a b' }).audioUrl(12)).toBe(`${baseUrl}media/12?token=a%20b`);
    expect(createHttpClient({ baseUrl, token: null }).audioUrl(12)).toBe(`${baseUrl}media/12`);
  });

  it('delivers server-sent events to every listener over one connection and closes it after the last leaves', async () => {
    const client = createHttpClient({ baseUrl, token: TOKEN, reconnectDelayMs: 50 });
    const before = eventConnections;
    const seenA: HarkEvent[] = [];
    const seenB: HarkEvent[] = [];
    const offA = client.onEvent((e) => seenA.push(e));
    const offB = client.onEvent((e) => seenB.push(e));
    await expect.poll(() => eventStreams.size).toBe(1);
    expect(eventConnections - before).toBe(1);
    const progress: HarkEvent = {
      type: 'progress',
      progress: { phase: 'catalogue', filesDone: 1, filesTotal: 3, failed: 0, filesPerSecond: 2, etaSeconds: 1 },
    };
    send(progress);
    send({ type: 'library-changed' });
    await expect.poll(() => seenB.length).toBe(2);
    expect(seenA).toEqual([progress, { type: 'library-changed' }]);
    offA();
    offB();
    await expect.poll(() => eventStreams.size).toBe(0);
  });

  it('reconnects the event stream when the server drops it', async () => {
    const client = createHttpClient({ baseUrl, token: TOKEN, reconnectDelayMs: 20 });
    const seen: HarkEvent[] = [];
    const off = client.onEvent((e) => seen.push(e));
    await expect.poll(() => eventStreams.size).toBe(1);
    const before = eventConnections;
    for (const res of eventStreams) res.end();
    await expect.poll(() => eventConnections).toBe(before + 1);
    await expect.poll(() => eventStreams.size).toBe(1);
    send({ type: 'library-changed' });
    await expect.poll(() => seen.length).toBe(1);
    off();
    await expect.poll(() => eventStreams.size).toBe(0);
  });
});

describe('IPC client', () => {
  function fakePreload(): PreloadApi & { calls: Array<[string, unknown]> } {
    const calls: Array<[string, unknown]> = [];
    return {
      calls,
      platform: 'electron',
      invoke: async (method, request) => {
        calls.push([method, request]);
        if (method === 'getFile') throw new Error("Error invoking remote method 'hark:invoke': Error: no such file");
        return { ok: method };
      },
      onEvent: () => () => {},
      startDrag: (id) => void calls.push(['drag', id]),
      startRegionDrag: (id, start, end) => void calls.push(['region-drag', [id, start, end]]),
      pickFolder: async () => '/picked',
      revealInFolder: async (id) => void calls.push(['reveal', id]),
    };
  }

  it('invokes through the preload, cleans Electron error prefixes and exposes desktop actions', async () => {
    const preload = fakePreload();
    const client = createIpcClient(preload);
    expect(await client.getInfo({})).toEqual({ ok: 'getInfo' });
    const error = await client.getFile({ fileId: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarkApiError);
    expect((error as HarkApiError).message).toBe('no such file');
    expect(client.audioUrl(5)).toBe('hark-media://file/5');
    expect(await client.desktop?.pickFolder()).toBe('/picked');
    expect(client.regionUrl(5, 0.25, 1)).toBe('hark-media://region/5?start=0.250&end=1.000');
    client.desktop?.startDrag(3);
    client.desktop?.startRegionDrag(3, 0.5, 2);
    await client.desktop?.revealInFolder(4);
    expect(preload.calls).toEqual([
      ['getInfo', {}],
      ['getFile', { fileId: 1 }],
      ['drag', 3],
      ['region-drag', [3, 0.5, 2]],
      ['reveal', 4],
    ]);
  });

  it('connect() prefers the preload and otherwise talks HTTP to the page origin', () => {
    expect(connect({ hark: fakePreload(), location: { href: 'file:///x/index.html' } }, null).platform).toBe(
      'electron',
    );
    const http = connect({ location: { href: 'http://127.0.0.1:5000/some/page?x=1' } }, 't');
    expect(http.platform).toBe('browser');
    expect(http.desktop).toBeNull();
    expect(http.audioUrl(1)).toBe('http://127.0.0.1:5000/media/1?token=t');
    expect(http.regionUrl(1, 0, 0.5)).toBe('http://127.0.0.1:5000/media/1/region?start=0.000&end=0.500&token=t');
  });
});
