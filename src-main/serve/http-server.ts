import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ApiErrorBody, HarkApi, HarkEvent } from '../api/contract';
import type { MediaFile } from '../app/media';
import { isApiMethod, validateRequest } from '../app/validate';
import { parseByteRange } from '../base/byte-range';
import { HarkError } from '../base/errors';
import { hostAllowed, newToken, presentedToken, TOKEN_COOKIE, tokenMatches } from './auth';

/** What a transport needs of the core: the typed API, its events, and the bytes of library files. */
export interface ServedCore extends HarkApi {
  onEvent(listener: (event: HarkEvent) => void): () => void;
  media(fileId: number): Promise<MediaFile>;
}

export interface ServeOptions {
  port?: number;
  token?: string;
  /** Folder of the built renderer (index.html + assets). */
  rendererDir: string;
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
  const server = createServer((request, response) => {
    handle(request, response).catch((error) => sendError(response, error));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    if (!hostAllowed(request.headers.host, port))
      return sendError(response, new HarkError('forbidden', 'Unknown host.'));
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (!tokenMatches(presentedToken(request, url), token)) {
      return sendError(
        response,
        new HarkError('forbidden', 'Missing or wrong token: open the address `hark serve` printed.'),
      );
    }
    if (url.searchParams.has('token')) {
      // The page was opened from the printed address: remember the token so assets, audio and events carry it.
      response.setHeader(
        'Set-Cookie',
        `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
      );
    }
    if (url.pathname.startsWith('/api/')) return handleApi(request, response, url.pathname.slice(5));
    if (url.pathname.startsWith('/media/')) return handleMedia(request, response, url.pathname.slice(7));
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendError(response, new HarkError('bad-request', 'Method not allowed.'));
    return serveStatic(response, url.pathname);
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, method: string): Promise<void> {
    if (method === 'events' && request.method === 'GET') return streamEvents(request, response);
    if (request.method !== 'POST') throw new HarkError('bad-request', 'API calls are POST requests.');
    if (!isApiMethod(method)) throw new HarkError('not-found', `No API method "${method}".`);
    const body = await readJson(request);
    const args = validateRequest(method, body);
    const result = await (core[method] as (arg: unknown) => Promise<unknown>).call(core, args);
    sendJson(response, 200, result);
  }

  function streamEvents(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    const unsubscribe = core.onEvent((event) => response.write(`data: ${JSON.stringify(event)}\n\n`));
    const keepAlive = setInterval(() => response.write(': ping\n\n'), 15_000);
    request.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  }

  async function handleMedia(request: IncomingMessage, response: ServerResponse, idText: string): Promise<void> {
    const fileId = Number(idText);
    if (!Number.isInteger(fileId)) throw new HarkError('bad-request', 'Media ids are integers.');
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
    createReadStream(media.path, { start, end })
      .on('error', () => response.destroy())
      .pipe(response);
  }

  async function serveStatic(response: ServerResponse, pathname: string): Promise<void> {
    const root = resolve(options.rendererDir);
    const wanted = normalize(decodeURIComponent(pathname)).replace(/^([\\/])+/, '');
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
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new HarkError('bad-request', 'Request body too large.');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HarkError('bad-request', 'The request body is not valid JSON.');
  }
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
  sendJson(response, STATUS[body.code], body);
}
