import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Hark } from '../../src-main/app/hark';
import { tokenCookieName } from '../../src-main/serve/auth';
import { startServer, type RunningServer, type ServeOptions, type ServedCore } from '../../src-main/serve/http-server';
import { openTestCore, waitFor } from './open-core';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  /** Sent one after another with no Content-Length (chunked), instead of `body`. */
  chunked?: string[];
  /** false: send no Host header at all. */
  setHost?: boolean;
}

/** One HTTP request exactly as given (Host, Origin, raw path bytes), on its own connection, bounded in time. */
export function rawRequest(port: number, options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        setHost: options.setHost ?? true,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
        response.on('error', reject);
      },
    );
    request.setTimeout(20_000, () => request.destroy(new Error(`no answer to ${options.method} ${options.path}`)));
    request.on('error', reject);
    for (const piece of options.chunked ?? []) request.write(piece);
    request.end(options.body);
  });
}

export interface ServedLibrary {
  core: Hark;
  running: RunningServer;
  port: number;
  token: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The token cookie as the browser sends it back. */
  cookie: string;
  /** The headers this server's own page sends with an API call. */
  pageHeaders: Record<string, string>;
  /** An API call as the Hark page makes it. */
  call(method: string, body?: unknown): Promise<{ status: number; body: ReturnType<typeof JSON.parse> }>;
  raw(options: RawRequest): Promise<RawResponse>;
  /** addRoot + a whole index run without analysis. */
  index(folder: string): Promise<void>;
}

export interface ServeSetup {
  options?: Partial<ServeOptions>;
  /** What the server is given instead of the core itself (a test holding searches back, say). */
  wrapCore?: (core: Hark) => ServedCore;
}

/**
 * The real HTTP server on a real core, over a temp database and a stand-in renderer folder; closed after each test.
 * `serve(dir)` for each test that needs one.
 */
export function useServedLibrary(): (dir: string, setup?: ServeSetup) => Promise<ServedLibrary> {
  const open: Array<{ core: Hark; running: RunningServer }> = [];
  afterEach(async () => {
    for (const { core, running } of open.splice(0)) {
      await running.close();
      core.close();
    }
  });
  return async (dir, { options = {}, wrapCore } = {}) => {
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Hark</title>');
    const core = await openTestCore(dir);
    const running = await startServer(wrapCore ? wrapCore(core) : core, { rendererDir, ...options });
    open.push({ core, running });
    const { port, token } = running;
    const origin = `http://127.0.0.1:${port}`;
    const pageHeaders = {
      Authorization: `Bearer ${token}`,
      Origin: origin,
      'Content-Type': 'application/json',
    };
    const call = async (method: string, body: unknown = {}) => {
      const response = await fetch(`${origin}/api/${method}`, {
        method: 'POST',
        headers: pageHeaders,
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };
    return {
      core,
      running,
      port,
      token,
      origin,
      cookie: `${tokenCookieName(port)}=${token}`,
      pageHeaders,
      call,
      raw: (request) => rawRequest(port, request),
      index: async (folder) => {
        expect200(await call('addRoot', { path: folder }));
        await call('startIndexing', { analyse: false });
        await waitFor(async () => (await call('getProgress')).body.phase === 'done');
      },
    };
  };
}

function expect200(response: { status: number; body: unknown }): void {
  if (response.status !== 200) throw new Error(`expected 200, got ${response.status} ${JSON.stringify(response.body)}`);
}
