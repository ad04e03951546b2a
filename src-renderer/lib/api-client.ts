// The one typed client the renderer uses. In Electron the preload's API (`window.hark`) carries calls over IPC;
// in a browser (`hark serve`) calls are JSON POSTs and events arrive as server-sent events.
import { API_METHODS } from '../../src-main/api/contract';
import type { ApiMethod, HarkApi, HarkClient, HarkEvent } from '../../src-main/api/contract';
import { HarkApiError, toApiError } from './api-error';
import { SseParser } from './sse-parser';

/** What the Electron preload exposes as `window.hark` (docs/DEVELOPING.md, "Electron mode"). */
export interface PreloadApi {
  invoke(method: string, request: unknown): Promise<unknown>;
  onEvent(listener: (event: HarkEvent) => void): () => void;
  platform: 'electron';
  startDrag(fileId: number): void;
  startRegionDrag(fileId: number, start: number, end: number): void;
  pickFolder(): Promise<string | null>;
  revealInFolder(fileId: number): Promise<void> | void;
}

/** Things only a desktop shell can do: native folder picker, drag to other apps, reveal in the file manager. */
export interface DesktopActions {
  pickFolder(): Promise<string | null>;
  startDrag(fileId: number): void;
  /** Drags a WAV of the stretch out, written for the drop (Electron drags only files that exist). */
  startRegionDrag(fileId: number, start: number, end: number): void;
  revealInFolder(fileId: number): Promise<void>;
}

export interface AppClient extends HarkClient {
  platform: 'electron' | 'browser';
  /** Null in browser mode. */
  desktop: DesktopActions | null;
}

/** Millisecond precision: the file name shows three decimals, and the service cuts at the nearest sample. */
function regionQuery(start: number, end: number): string {
  return `start=${start.toFixed(3)}&end=${end.toFixed(3)}`;
}

type Invoke = (method: ApiMethod, request: unknown) => Promise<unknown>;

function apiFromInvoke(invoke: Invoke): HarkApi {
  const api: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const method of API_METHODS) api[method] = (request) => invoke(method, request ?? {});
  return api as unknown as HarkApi;
}

export function createIpcClient(preload: PreloadApi): AppClient {
  const invoke: Invoke = async (method, request) => {
    try {
      return await preload.invoke(method, request);
    } catch (error) {
      throw toApiError(error);
    }
  };
  return {
    ...apiFromInvoke(invoke),
    onEvent: (listener) => preload.onEvent(listener),
    audioUrl: (fileId) => `hark-media://file/${fileId}`,
    regionUrl: (fileId, start, end) => `hark-media://region/${fileId}?${regionQuery(start, end)}`,
    platform: 'electron',
    desktop: {
      pickFolder: () => preload.pickFolder(),
      startDrag: (fileId) => preload.startDrag(fileId),
      startRegionDrag: (fileId, start, end) => preload.startRegionDrag(fileId, start, end),
      revealInFolder: async (fileId) => {
        await preload.revealInFolder(fileId);
      },
    },
  };
}

export interface HttpClientOptions {
  /** Where `hark serve` answers, ending in '/': e.g. "http://127.0.0.1:4321/". */
  baseUrl: string;
  /** Null when the page relies on the token cookie (`hark_token_PORT`). */
  token: string | null;
  fetch?: typeof fetch;
  /** Wait before reconnecting the event stream after it drops. */
  reconnectDelayMs?: number;
}

export function createHttpClient(options: HttpClientOptions): AppClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const authHeaders: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {};

  const invoke: Invoke = async (method, request) => {
    let response: Response;
    try {
      response = await doFetch(`${base}api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...authHeaders },
        body: JSON.stringify(request),
        credentials: 'same-origin',
      });
    } catch (error) {
      throw new HarkApiError('unavailable', `Hark is not reachable: ${(error as Error).message}`);
    }
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      body = { message: text };
    }
    if (!response.ok) throw toApiError(body ?? { message: response.statusText }, response.status);
    return body;
  };

  const events = new EventStream(doFetch, `${base}api/events`, authHeaders, options.reconnectDelayMs ?? 2000);
  const tokenQuery = options.token ? `?token=${encodeURIComponent(options.token)}` : '';

  return {
    ...apiFromInvoke(invoke),
    onEvent: (listener) => events.subscribe(listener),
    // <audio> cannot send headers: the token rides in the query (or the cookie does the job).
    audioUrl: (fileId) => `${base}media/${fileId}${tokenQuery}`,
    regionUrl: (fileId, start, end) =>
      `${base}media/${fileId}/region?${regionQuery(start, end)}${tokenQuery.replace('?', '&')}`,
    platform: 'browser',
    desktop: null,
  };
}

/** One shared /api/events connection, opened for the first listener and closed after the last one leaves. */
class EventStream {
  private listeners = new Set<(event: HarkEvent) => void>();
  private abort: AbortController | null = null;

  constructor(
    private readonly doFetch: typeof fetch,
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly reconnectDelayMs: number,
  ) {}

  subscribe(listener: (event: HarkEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.abort) this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.abort?.abort();
        this.abort = null;
      }
    };
  }

  private open(): void {
    const abort = new AbortController();
    this.abort = abort;
    void this.read(abort.signal).finally(() => {
      // The server went away or closed the stream: try again while someone is still listening.
      if (this.abort === abort) setTimeout(() => this.abort === abort && this.open(), this.reconnectDelayMs);
    });
  }

  private async read(signal: AbortSignal): Promise<void> {
    try {
      const response = await this.doFetch(this.url, {
        headers: { Accept: 'text/event-stream', ...this.headers },
        credentials: 'same-origin',
        signal,
      });
      if (!response.ok || !response.body) return;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        for (const data of parser.push(value)) this.dispatch(data);
      }
    } catch {
      // Aborted or dropped; open() decides whether to reconnect.
    }
  }

  private dispatch(data: string): void {
    let event: HarkEvent;
    try {
      event = JSON.parse(data) as HarkEvent;
    } catch {
      return;
    }
    for (const listener of this.listeners) listener(event);
  }
}

interface BrowserEnvironment {
  hark?: PreloadApi;
  location: { href: string };
}

/** Picks the transport: IPC through the preload when Electron provides one, else HTTP to the page's own origin. */
export function connect(env: BrowserEnvironment, token: string | null): AppClient {
  if (env.hark && env.hark.platform === 'electron') return createIpcClient(env.hark);
  // `hark serve` serves the API at the root of its origin, whatever path the page itself has.
  const baseUrl = new URL('/', env.location.href).toString();
  return createHttpClient({ baseUrl, token });
}
