import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogueProbe } from '../../src-main/app/catalogue-probe';
import { Hark } from '../../src-main/app/hark';
import { writeMetadata } from '../../src-main/metadata/write';
import { modelsDir, modelStatus } from '../../src-main/ml/model-manager';
import { startServer, type RunningServer } from '../../src-main/serve/http-server';
import { openTestCore, waitFor } from '../helpers/open-core';
import { useServedLibrary } from '../helpers/serve';
import { SONIC_PI, sonicPi, tone } from '../helpers/sounds';
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
      const response = await fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { ...auth, Origin: base, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
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
    expect(
      (await fetch(`${base}/api/listRoots`, { method: 'POST', headers: { Authorization: 'Bearer wrong' } })).status,
    ).toBe(403);
    expect((await fetch(`${base}/`)).status).toBe(403);
    const status = await new Promise<number>((resolve) => {
      httpRequest(
        {
          host: '127.0.0.1',
          port: running.port,
          path: `/?token=${running.token}`,
          headers: { Host: 'evil.example:80' },
        },
        (res) => resolve(res.statusCode ?? 0),
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
    expect(cookie).toMatch(new RegExp(`^hark_token_${running.port}=.*HttpOnly.*SameSite=Strict`));
    const again = await fetch(`${base}/some/route`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(again.status).toBe(200);
    const traversal = await fetch(`${base}/..%2f..%2f..%2fetc%2fpasswd`, {
      headers: { Cookie: cookie.split(';')[0]! },
    });
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
    expect(
      Buffer.from(await partial.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('RIFF');

    const peaks = await call('getPeaks', { fileId: id });
    expect(peaks.status).toBe(200);
    expect(peaks.body.data.length).toBeGreaterThan(10);

    // A selected stretch downloads as a WAV of its own, named after the file and the stretch.
    const region = await fetch(`${base}/media/${id}/region?start=0.1&end=0.3`, { headers: auth });
    expect(region.status).toBe(200);
    expect(region.headers.get('content-type')).toBe('audio/wav');
    expect(region.headers.get('content-disposition')).toBe(
      `attachment; filename="kick_hard 0.100-0.300.wav"; filename*=UTF-8''kick_hard%200.100-0.300.wav`,
    );
    const wav = Buffer.from(await region.arrayBuffer());
    expect(wav.subarray(8, 12).toString()).toBe('WAVE');
    expect(wav.readUInt32LE(40)).toBe(Math.round(0.2 * 44100) * 2);
    const backwards = await fetch(`${base}/media/${id}/region?start=0.3&end=0.1`, { headers: auth });
    expect(backwards.status).toBe(400);
    expect((await backwards.json()).message).toBe('A region needs 0 <= start < end, in seconds.');
    expect((await fetch(`${base}/media/${id}/regions?start=0&end=1`, { headers: auth })).status).toBe(400);
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
    expect((await fetch(`${base}/media/${id}/region?start=0&end=0.1`, { headers: auth })).status).toBe(403);
    expect((await fetch(`${base}/media/999999`, { headers: auth })).status).toBe(404);
  });

  it('answers bad requests with a JSON error', async () => {
    const { call } = await setUp();
    expect(await call('search', { text: 42 })).toEqual({
      status: 400,
      body: { code: 'bad-request', message: 'search.text must be a string' },
    });
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

// The caption, rename, metadata, export and similar methods over HTTP, on real files analysed by the real audio
// model (its features answer "more like this", its tags the captions). The text side is not loaded.
describe('hark serve: library text and similar sounds', () => {
  const tempDir = useTempDirs();
  let running: RunningServer | null = null;
  let core: Hark | null = null;
  afterEach(async () => {
    await running?.close();
    core?.close();
    running = null;
    core = null;
  });

  it('captions, renames and undoes, reads and writes metadata, exports CSV and finds similar files, all through /api', async () => {
    for (const id of ['efficientat-mn04-as', 'audioset', 'ucs'])
      expect((await modelStatus(id)).state).toBe('installed');
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    sonicPi(library, 'drum_heavy_kick.flac', 'take_01.flac');
    execFileSync('sox', ['-V1', join(SONIC_PI, 'bd_haus.flac'), join(library, 'take_02.wav')]);
    sonicPi(library, 'misc_crow.flac', 'take_03.flac');
    const creak = tone(library, 'creak.wav');
    await writeMetadata(creak, { catId: 'DOORWood' });
    core = await Hark.open({
      dbPath: join(dir, 'library.db'),
      modelsDir: modelsDir(),
      probe: catalogueProbe(null),
      workers: 0,
      keywordOnly: true,
    });
    running = await startServer(core, { rendererDir: join(dir, 'no-renderer') });
    const base = `http://127.0.0.1:${running.port}`;
    const call = async (method: string, body: unknown = {}) => {
      const response = await fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${running!.token}`, Origin: base, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };
    await call('addRoot', { path: library });
    await call('startIndexing', {});
    await waitFor(async () => (await call('getProgress')).body.phase === 'done', 120_000);
    const files = (await call('search', { text: '', limit: 10 })).body.hits as {
      id: number;
      name: string;
      format: string;
    }[];
    const idOf = (name: string) => files.find((file) => file.name === name)!.id;

    const similar = await call('similar', { fileId: idOf('take_01.flac'), limit: 3 });
    expect(similar.status).toBe(200);
    expect(similar.body).toMatchObject({ text: 'like take_01.flac', total: 3, used: { keyword: false, neural: true } });
    expect(similar.body.hits.map((hit: { id: number }) => hit.id)).not.toContain(idOf('take_01.flac'));
    expect(
      similar.body.hits.every((hit: { explanation: { tags: unknown[] } }) => hit.explanation.tags.length > 0),
    ).toBe(true);
    const wavOnly = await call('similar', { fileId: idOf('take_01.flac'), filters: { formats: ['wav'] } });
    expect(wavOnly.body.hits.map((hit: { name: string }) => hit.name).sort()).toEqual(['creak.wav', 'take_02.wav']);

    const captioned = await call('caption', {});
    expect(captioned.status).toBe(200);
    expect(captioned.body).toMatchObject({ files: 4, captioned: 4, failed: [] });
    expect(captioned.body.captions.map((caption: { path: string }) => caption.path)).toEqual(
      ['creak.wav', 'take_01.flac', 'take_02.wav', 'take_03.flac'].map((name) => join(library, name)),
    );
    for (const caption of captioned.body.captions) expect(caption.description).toMatch(/\w/);

    // minConfidence above 1: no model suggestion renames anything, only the CatID the file carries.
    const renamed = join(library, 'DOORWood_creak_NONE_NONE.wav');
    const preview = await call('previewUcsRenames', { minConfidence: 1.1 });
    expect(preview.body.proposals).toEqual([
      expect.objectContaining({ from: creak, to: renamed, catSource: 'metadata', status: 'ready' }),
    ]);
    const applied = await call('applyUcsRenames', { minConfidence: 1.1 });
    expect(applied.body).toMatchObject({ batch: 1, renamed: [{ fromPath: creak, toPath: renamed }], failed: [] });
    const undone = await call('undoRenames', {});
    expect(undone.body).toMatchObject({ undone: [{ fromPath: creak, toPath: renamed }], failed: [] });

    const creakId = idOf('creak.wav');
    expect((await call('getMeta', { fileId: creakId })).body).toMatchObject({
      path: creak,
      format: 'wav',
      metadata: { catId: 'DOORWood' },
      library: { id: creakId },
    });
    // A first edit, taken back over /api, then the edit that stays.
    const wrong = (await call('setMeta', { fileId: creakId, description: 'Squeaky gate' })).body;
    expect(wrong).toEqual({ fileId: creakId, fields: ['description'], batch: 1 });
    expect((await call('undoMetadataWrites', { batch: wrong.batch })).body).toEqual({
      batch: 1,
      undone: [{ path: creak, fields: ['description'] }],
      failed: [],
    });
    expect((await call('getMeta', { fileId: creakId })).body.metadata.description).toBeUndefined();
    expect((await call('undoMetadataWrites', { kind: 'later' })).status).toBe(400);
    expect((await call('setMeta', { fileId: creakId, description: 'Creaky door' })).body).toEqual({
      fileId: creakId,
      fields: ['description'],
      batch: 2,
    });
    expect((await call('getMeta', { fileId: creakId })).body.library.caption).toMatchObject({
      source: 'person',
      description: 'Creaky door',
    });
    expect((await call('setMeta', { fileId: creakId, keywords: ['door'] })).status).toBe(400);

    const exported = await call('exportCsv', {});
    expect(exported.body.files).toBe(4);
    const lines = exported.body.csv.split('\r\n');
    expect(lines[0]).toBe(
      'path,name,duration,format,sample rate,channels,description,keywords,catId,category,subcategory,category source,category confidence,top tags',
    );
    expect(lines.find((line: string) => line.startsWith(`${creak},`))).toContain(',Creaky door,');

    // The administration side is not served: no model installs, no file by path, no blocking index run.
    for (const method of ['installModels', 'listModels', 'readFileMeta', 'writeFileMeta', 'runIndexing']) {
      expect(await call(method, { path: '/etc/passwd', mirror: '/tmp' })).toEqual({
        status: 404,
        body: { code: 'not-found', message: `No API method "${method}".` },
      });
    }
  }, 180_000);
});

// Regressions of issue 13, each against the real server on a real core and real files.
describe('hark serve: other pages, removals, bursts, names and codes', () => {
  const tempDir = useTempDirs();
  const serve = useServedLibrary();

  function makeLibrary(dir: string): string {
    const library = join(dir, 'library');
    mkdirSync(library);
    tone(library, 'kick_hard.wav', { freq: 60 });
    tone(library, 'snare.wav', { freq: 200 });
    return library;
  }

  it('a page on another port of 127.0.0.1 cannot change the library, with the cookie or without', async () => {
    const dir = tempDir();
    const library = makeLibrary(dir);
    const served = await serve(dir);
    await served.index(library);
    // The browser of the person holds the cookie; a page at 127.0.0.1:47999 is same-site, so it is sent along.
    const page = await served.raw({ path: `/?token=${served.token}`, headers: { Host: `127.0.0.1:${served.port}` } });
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toBe(served.cookie);
    const forged = (path: string, headers: Record<string, string>, body: string) =>
      served.raw({
        method: 'POST',
        path,
        headers: { Host: `127.0.0.1:${served.port}`, Cookie: cookie, ...headers },
        body,
      });

    const foreignPort = { Origin: 'http://127.0.0.1:47999', 'Content-Type': 'text/plain;charset=UTF-8' };
    for (const [path, body] of [
      ['/api/addRoot', '{"path":"/"}'],
      ['/api/removeRoot', JSON.stringify({ path: library })],
      ['/api/createCollection', '{"name":"forged"}'],
      ['/api/startIndexing', ''],
    ] as const) {
      const answer = await forged(path, foreignPort, body);
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body.toString())).toEqual({
        code: 'forbidden',
        message: 'API calls come from the Hark page itself (same Origin).',
      });
    }
    // JSON from the foreign port (a preflight the server never grants), Fetch Metadata alone, no Origin at all.
    const refused: Record<string, string>[] = [
      { Origin: 'http://127.0.0.1:47999', 'Content-Type': 'application/json' },
      { Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      { 'Sec-Fetch-Site': 'same-site', 'Content-Type': 'text/plain' },
      { 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/json' },
      { 'Content-Type': 'application/json' },
    ];
    for (const headers of refused)
      expect((await forged('/api/createCollection', headers, '{"name":"x"}')).status).toBe(403);
    // The page itself, but a form or text body: 415.
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await forged(
        '/api/createCollection',
        { Origin: served.origin, 'Content-Type': contentType },
        '{"name":"x"}',
      );
      expect(answer.status).toBe(415);
      expect(JSON.parse(answer.body.toString())).toMatchObject({ code: 'bad-request' });
    }
    // What the Hark page sends (Chromium: Origin and Sec-Fetch-Site) is served, with the cookie alone.
    const own = await forged(
      '/api/createCollection',
      { Origin: served.origin, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' },
      '{"name":"mine"}',
    );
    expect(own.status).toBe(200);
    expect((await served.call('listCollections')).body.map((c: { name: string }) => c.name)).toEqual(['mine']);
    expect((await served.call('listRoots')).body).toEqual([expect.objectContaining({ path: library, fileCount: 2 })]);
  });

  it('binds the token cookie to its port: the fixed name of old, or another port’s, is no token here', async () => {
    const dir = tempDir();
    const served = await serve(dir);
    const withCookie = (cookie: string) => served.raw({ path: '/', headers: { Cookie: cookie } });
    expect((await withCookie(served.cookie)).status).toBe(200);
    expect((await withCookie(`hark_token=${served.token}`)).status).toBe(403);
    expect((await withCookie(`hark_token_${served.port + 1}=${served.token}`)).status).toBe(403);
  });

  it('removes a folder holding files only with the one-time token its first call gave', async () => {
    const dir = tempDir();
    const library = makeLibrary(dir);
    const served = await serve(dir);
    await served.index(library);

    const asked = await served.call('removeRoot', { path: library });
    expect(asked).toEqual({
      status: 200,
      body: { removed: false, confirmation: { token: expect.stringMatching(/^[\w-]{24}$/), files: 2 } },
    });
    expect((await served.call('removeRoot', { path: library, confirm: 'guessed' })).body).toMatchObject({
      removed: false,
      confirmation: { files: 2 },
    });
    expect((await served.call('listRoots')).body).toHaveLength(1);
    expect((await served.call('removeRoot', { path: library, confirm: asked.body.confirmation.token })).body).toEqual({
      removed: true,
    });
    expect((await served.call('listRoots')).body).toEqual([]);
    expect((await served.call('search', { text: '' })).body.total).toBe(0);
  });

  it('refuses / and a folder around library folders unless asked to merge, then keeps their files', async () => {
    const dir = tempDir();
    const library = makeLibrary(dir);
    const served = await serve(dir);
    await served.index(library);
    expect(await served.call('addRoot', { path: '/' })).toEqual({
      status: 400,
      body: { code: 'bad-request', message: '/ is the whole file system: add the folders where your sounds are.' },
    });
    expect(await served.call('addRoot', { path: '/', merge: true })).toMatchObject({ status: 400 });
    const around = await served.call('addRoot', { path: dir });
    expect(around).toEqual({
      status: 400,
      body: {
        code: 'bad-request',
        message: `${dir} contains the library folders ${library}: add it with merge to take them over with their files, or remove them first.`,
      },
    });
    expect((await served.call('listRoots')).body).toEqual([expect.objectContaining({ path: library, fileCount: 2 })]);
    const merged = await served.call('addRoot', { path: dir, merge: true });
    expect(merged.body).toMatchObject({ path: dir, fileCount: 2 });
    expect((await served.call('listRoots')).body).toEqual([merged.body]);
  });

  it('answers a burst of searches in order of arrival, and refuses at once what the queue cannot hold', async () => {
    const dir = tempDir();
    const library = makeLibrary(dir);
    // The searches are held until every request has arrived, so that what is refused does not depend on timing.
    const started: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const served = await serve(dir, {
      options: { searchLimits: { running: 1, waiting: 3 } },
      wrapCore: (core) => {
        const held = Object.create(core) as Hark;
        held.search = async (request) => {
          started.push(request.text);
          await gate;
          return core.search(request);
        };
        return held;
      },
    });
    await served.index(library);
    const arrivals: string[] = [];
    served.running.server.prependListener('request', (request: IncomingMessage) => {
      if (request.url === '/api/search') arrivals.push(String(request.headers['x-query']));
    });

    const queries = Array.from({ length: 12 }, (_, i) => `kick ${i}`);
    const answers: Array<{ query: string; status: number; body: ReturnType<typeof JSON.parse>; retry: string | null }> =
      [];
    const burst = queries.map(async (query) => {
      const response = await fetch(`${served.origin}/api/search`, {
        method: 'POST',
        headers: { ...served.pageHeaders, 'X-Query': query },
        body: JSON.stringify({ text: query }),
      });
      answers.push({
        query,
        status: response.status,
        body: await response.json(),
        retry: response.headers.get('retry-after'),
      });
    });
    // 1 running + 3 waiting: the other 8 are told at once, while the first search is still held.
    await waitFor(() => answers.length === 8);
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(503));
    expect(answers.map((answer) => answer.query).sort()).toEqual(arrivals.slice(4).sort());
    for (const answer of answers) {
      expect(answer.body).toEqual({
        code: 'unavailable',
        message: 'Too many searches at once: try again in a moment.',
      });
      expect(answer.retry).toBe('1');
    }
    expect(started).toEqual(arrivals.slice(0, 1));

    open();
    await Promise.all(burst);
    expect(started).toEqual(arrivals.slice(0, 4));
    const answered = answers.filter((answer) => answer.status === 200);
    expect(answered.map((answer) => answer.query).sort()).toEqual(arrivals.slice(0, 4).sort());
    for (const answer of answered) expect(answer.body).toMatchObject({ text: answer.query });
    // The queue is free again.
    expect((await served.call('search', { text: 'snare' })).status).toBe(200);
  });

  it('refuses names every object inherits as fields, and setSettings stores none of them', async () => {
    const dir = tempDir();
    const served = await serve(dir);
    const before = (await served.call('getSettings')).body;
    const post = async (method: string, json: string) => {
      const answer = await served.raw({
        method: 'POST',
        path: `/api/${method}`,
        headers: served.pageHeaders,
        body: json,
      });
      return { status: answer.status, body: JSON.parse(answer.body.toString()) };
    };
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(await post('setSettings', `{"theme":"light","${name}":{"theme":"light"}}`)).toEqual({
        status: 400,
        body: { code: 'bad-request', message: `setSettings.${name} is not a known field` },
      });
      expect((await post('search', `{"text":"","${name}":1}`)).body.message).toBe(
        `search.${name} is not a known field`,
      );
      expect((await post('search', `{"filters":{"${name}":1},"text":""}`)).body.message).toBe(
        `search.filters.${name} is not a known field`,
      );
    }
    const after = await served.call('getSettings');
    expect(after.body).toEqual(before);
    expect(Object.keys(after.body).sort()).toEqual(['executionProvider', 'model', 'searchModel', 'theme']);
    // The core itself, called past validation, keeps to its own settings too.
    await served.core.setSettings(JSON.parse('{"constructor":"x","toString":"y","theme":"light"}'));
    expect(await served.core.getSettings()).toEqual({ ...before, theme: 'light' });
  });

  it('answers a malformed percent-encoding with 400, and a file gone from disk with 404', async () => {
    const dir = tempDir();
    const library = makeLibrary(dir);
    const served = await serve(dir);
    await served.index(library);
    const badCookie = await served.raw({ path: '/', headers: { Cookie: `${served.cookie.split('=')[0]}=%E0%A4%A` } });
    expect(badCookie.status).toBe(400);
    expect(JSON.parse(badCookie.body.toString())).toEqual({
      code: 'bad-request',
      message: 'The token cookie has a malformed percent-encoding.',
    });
    for (const path of ['/%E0%A4%A', '/assets/%zz.js', '/%']) {
      const answer = await served.raw({ path, headers: { Cookie: served.cookie } });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body.toString())).toEqual({
        code: 'bad-request',
        message: 'The path has a malformed percent-encoding.',
      });
    }

    const snare = (await served.call('search', { text: 'snare' })).body.hits[0];
    rmSync(join(library, 'snare.wav'));
    const gone = await served.raw({ path: `/media/${snare.id}`, headers: { Cookie: served.cookie } });
    expect(gone.status).toBe(404);
    expect(JSON.parse(gone.body.toString())).toEqual({ code: 'not-found', message: 'snare.wav is no longer on disk.' });
  });
});
