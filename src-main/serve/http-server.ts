import { createReadStream, existsSync } from 'node:fs';
import { fsPath } from '../base/path-bytes';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ApiErrorBody, HarkApi, HarkEvent } from '../api/contract';
import type { MediaFile } from '../app/media';
import type { RegionAudio } from '../app/region-export';
import { isApiMethod, validateRequest } from '../app/validate';
import { parseByteRange } from '../base/byte-range';
import { attachment } from '../base/content-disposition';
import { HarkError } from '../base/errors';
import { AdmissionQueue, type AdmissionLimits, type Ticket } from './admission-queue';
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
} from './auth';
import { EventClients } from './event-clients';

/** What a transport needs of the core: the typed API, its events, and the bytes of library files. */
export interface ServedCore extends HarkApi {
  onEvent(listener: (event: HarkEvent) => void): () => void;
  media(fileId: number): Promise<MediaFile>;
  regionAudio(fileId: number, start: number, end: number): Promise<RegionAudio>;
}

export interface ServeOptions {
  port?: number;
  token?: string;
  /** Folder of the built renderer (index.html + assets). */
  rendererDir: string;
  /** How many searches run at once and how many may wait their turn; default 2 and 32. */
  searchLimits?: AdmissionLimits;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const STATUS: Record<ApiErrorBody['code'], number> = {
  'bad-request': 400,
  forbidden: 403,
  'not-found': 404,
  unavailable: 503,
  internal: 500,
};

/** How many searches run at once and how many may wait their turn, unless ServeOptions say otherwise. */
export const DEFAULT_SEARCH_LIMITS: AdmissionLimits = { running: 2, waiting: 32 };

/** Methods that hold the model and the keyword thread: answered in order of arrival, a bounded number at a time. */
const QUEUED_METHODS: ReadonlySet<string> = new Set(['search', 'similar']);

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'",
};

/** The HTTP mode: the same API as Electron IPC, on loopback only, behind a random token. */
export async function startServer(core: ServedCore, options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  let port = options.port ?? 0;
  const searches = new AdmissionQueue(options.searchLimits ?? DEFAULT_SEARCH_LIMITS, 'searches');
  const eventClients = new EventClients((listener) => core.onEvent(listener));
  const server = createServer((request, response) => {
    handle(request, response).catch((error) => sendError(response, error));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    if (!hostAllowed(request.headers.host, port))
      return sendError(response, new HarkError('forbidden', 'Unknown host.'));
    const url = parseUrl(request.url ?? '/', port);
    const cookieName = tokenCookieName(port);
    if (!tokenMatches(presentedToken(request, url, cookieName), token)) {
      return sendError(
        response,
        new HarkError('forbidden', 'Missing or wrong token: open the address `hark serve` printed.'),
      );
    }
    if (url.searchParams.has('token')) {
      // The page was opened from the printed address: remember the token so assets, audio and events carry it.
      response.setHeader('Set-Cookie', `${cookieName}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    }
    const isApi = url.pathname.startsWith('/api/');
    const isMedia = url.pathname.startsWith('/media/');
    // The library's data is for this server's own page: no other page of 127.0.0.1 may embed its audio or events.
    if ((isApi || isMedia) && crossOriginFetch(request.headers))
      throw new HarkError('forbidden', 'Requests from other pages are refused.');
    if (isApi) return handleApi(request, response, url.pathname.slice(5));
    if (isMedia) return handleMedia(request, response, url);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendError(response, new HarkError('bad-request', 'Method not allowed.'));
    return serveStatic(response, url.pathname);
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, method: string): Promise<void> {
    if (method === 'events' && request.method === 'GET') return streamEvents(request, response);
    if (request.method !== 'POST') throw new HarkError('bad-request', 'API calls are POST requests.');
    // Every call may change the library: only this server's own page may make it (no cross-site request forgery
    // from another port of 127.0.0.1, which shares the cookie), and only as JSON, which a foreign page cannot send
    // without a CORS preflight this server never grants.
    if (!sameOrigin(request.headers))
      throw new HarkError('forbidden', 'API calls come from the Hark page itself (same Origin).');
    if (!isJsonContentType(request.headers['content-type']))
      throw new StatusError(415, 'API calls send JSON (Content-Type: application/json).');
    if (!isApiMethod(method)) throw new HarkError('not-found', `No API method "${method}".`);
    // The place in the queue is taken on arrival, before the body is read, so turns follow the order of arrival.
    const ticket: Ticket | null = QUEUED_METHODS.has(method) ? searches.admit() : null;
    response.on('close', () => ticket?.cancel()); // a client that left gives up its place
    let args: unknown;
    try {
      args = validateRequest(method, await readJson(request));
    } catch (error) {
      ticket?.cancel();
      throw error;
    }
    const call = () => (core[method] as (arg: unknown) => Promise<unknown>).call(core, args);
    sendJson(response, 200, ticket ? await ticket.run(call) : await call());
  }

  function streamEvents(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    request.on('close', eventClients.add(response));
  }

  async function handleMedia(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const match = /^\/media\/([0-9]{1,15})(\/region)?$/.exec(url.pathname);
    if (!match) throw new HarkError('bad-request', 'Media ids are integers: /media/<id> or /media/<id>/region.');
    const fileId = Number(match[1]);
    if (match[2]) return sendRegion(request, response, fileId, url.searchParams);
    const media = await core.media(fileId);
    const range = parseByteRange(request.headers.range, media.size);
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('Content-Type', media.mimeType);
    response.setHeader('Cache-Control', 'no-store');
    if (range === 'invalid') {
      response.writeHead(416, { 'Content-Range': `bytes */${media.size}` });
      response.end();
      return;
    }
    const { start, end } = range ?? { start: 0, end: media.size - 1 };
    if (range) response.setHeader('Content-Range', `bytes ${start}-${end}/${media.size}`);
    response.writeHead(range ? 206 : 200, { 'Content-Length': media.size === 0 ? 0 : end - start + 1 });
    if (request.method === 'HEAD' || media.size === 0) {
      response.end();
      return;
    }
    createReadStream(fsPath(media.path), { start, end })
      .on('error', () => response.destroy())
      .pipe(response);
  }

  async function sendRegion(
    request: IncomingMessage,
    response: ServerResponse,
    fileId: number,
    query: URLSearchParams,
  ): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      throw new HarkError('bad-request', 'Regions are fetched with GET.');
    const region = await core.regionAudio(fileId, Number(query.get('start')), Number(query.get('end')));
    response.writeHead(200, {
      'Content-Type': 'audio/wav',
      'Content-Length': region.bytes.length,
      'Content-Disposition': attachment(region.fileName),
      'Cache-Control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : region.bytes);
  }

  async function serveStatic(response: ServerResponse, pathname: string): Promise<void> {
    const root = resolve(options.rendererDir);
    const wanted = normalize(decodeUrlPart(pathname, 'path')).replace(/^([\\/])+/, '');
    let file = resolve(join(root, wanted));
    if (!file.startsWith(root + sep) && file !== root) throw new HarkError('forbidden', 'Outside the app folder.');
    const isFile = existsSync(file) && (await stat(file)).isFile();
    if (!isFile) file = join(root, 'index.html'); // client-side routes
    if (!existsSync(file)) {
      sendJson(response, 404, { code: 'not-found', message: 'The renderer is not built: run `npm run build`.' });
      return;
    }
    response.writeHead(200, {
      'Content-Type': STATIC_TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
    });
    response.end(await readFile(file));
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    server,
    close: () =>
      new Promise((resolveClose) => {
        eventClients.close();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

/** The request target as a URL; one that does not parse is the client's mistake. */
function parseUrl(target: string, port: number): URL {
  try {
    return new URL(target, `http://127.0.0.1:${port}`);
  } catch {
    throw new HarkError('bad-request', 'The request address does not parse.');
  }
}

const MAX_BODY_BYTES = 1_000_000;

/** A refusal HTTP words more exactly than its ApiErrorBody code: 413, 415. */
class StatusError extends HarkError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super('bad-request', message);
  }
}

const tooLarge = () => new StatusError(413, `Request bodies are at most ${MAX_BODY_BYTES} bytes.`);

/**
 * The JSON body. One too large is refused as soon as its length shows (the Content-Length, or the bytes so far); the
 * rest is read and dropped rather than the connection cut, so that the client gets the answer.
 */
function readJson(request: IncomingMessage): Promise<unknown> {
  if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
    request.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData).off('end', onEnd);
      request.resume();
      reject(tooLarge());
    };
    const onEnd = () => {
      if (size === 0) return resolve({});
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new HarkError('bad-request', 'The request body is not valid JSON.'));
      }
    };
    request.on('data', onData).on('end', onEnd).on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(text);
}

function sendError(response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body: ApiErrorBody =
    error instanceof HarkError
      ? { code: error.code, message: error.message }
      : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
  // A full search queue clears in moments: say so to clients that retry.
  if (body.code === 'unavailable') response.setHeader('Retry-After', '1');
  sendJson(response, error instanceof StatusError ? error.status : STATUS[body.code], body);
}
