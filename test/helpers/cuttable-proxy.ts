import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach } from 'vitest';

/**
 * A TCP relay on 127.0.0.1 in front of a server, which a test can cut (every connection dropped, new ones refused,
 * as when a seat loses the network) and restore on the same port.
 */
export interface CuttableProxy {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startCuttableProxy(target: { host: string; port: number }): Promise<CuttableProxy> {
  const sockets = new Set<Socket>();
  const relay = (client: Socket) => {
    const upstream = connect(target.port, target.host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        sockets.delete(from);
        to.destroy();
      });
    }
  };
  let server: Server = createServer(relay);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      server.close(() => resolve());
    });
  const port = await listen(0);
  return {
    port,
    cut: stop,
    async restore() {
      server = createServer(relay);
      await listen(port);
    },
    close: stop,
  };
}

/**
 * For the tests of the describe block it is called in: a cuttable relay in front of the server a connection URL
 * names, and that URL through the relay (as a seat whose network the test can cut logs in); closed after each test.
 */
export function useRelays(): (url: string) => Promise<{ proxy: CuttableProxy; url: string }> {
  const open: CuttableProxy[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((proxy) => proxy.close()));
  });
  return async (url) => {
    const target = new URL(url);
    const proxy = await startCuttableProxy({ host: target.hostname, port: Number(target.port) });
    open.push(proxy);
    return { proxy, url: Object.assign(target, { port: String(proxy.port) }).href };
  };
}
