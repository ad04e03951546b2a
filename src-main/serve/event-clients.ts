import type { ServerResponse } from 'node:http';
import type { HarkEvent } from '../api/contract';

/** A comment line this often keeps proxies and browsers from timing a quiet stream out. */
const PING_MS = 15_000;

/** Bytes an event-stream client may leave unread before it is dropped: a stalled tab must not grow the server. */
const MAX_UNSENT_BYTES = 4 * 1024 * 1024;

/**
 * The open `/api/events` streams of one server. However many browser tabs listen, the server subscribes to the core
 * once (while there is at least one) and writes each event to every stream itself, so the core's listeners do not
 * grow with the number of clients.
 */
export class EventClients {
  private readonly clients = new Set<ServerResponse>();
  private unsubscribe: (() => void) | null = null;
  private pinger: NodeJS.Timeout | null = null;

  constructor(private readonly subscribe: (listener: (event: HarkEvent) => void) => () => void) {}

  /** Starts streaming to `response`; returns the function that stops it. */
  add(response: ServerResponse): () => void {
    this.clients.add(response);
    this.unsubscribe ??= this.subscribe((event) => this.send(`data: ${JSON.stringify(event)}\n\n`));
    this.pinger ??= setInterval(() => this.send(': ping\n\n'), PING_MS);
    return () => this.remove(response);
  }

  get size(): number {
    return this.clients.size;
  }

  /** Ends every stream and lets go of the core. */
  close(): void {
    for (const response of this.clients) response.end();
    this.clients.clear();
    this.release();
  }

  private send(text: string): void {
    for (const response of this.clients) {
      if (response.writableLength > MAX_UNSENT_BYTES) {
        this.remove(response);
        response.destroy();
      } else {
        response.write(text);
      }
    }
  }

  private remove(response: ServerResponse): void {
    this.clients.delete(response);
    if (this.clients.size === 0) this.release();
  }

  private release(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.pinger) clearInterval(this.pinger);
    this.pinger = null;
  }
}
