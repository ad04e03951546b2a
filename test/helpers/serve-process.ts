// The built CLI's `hark serve` as a child process, for the browser tests: started on a database, its address read
// from what it prints, stopped at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
// The project pins Node 22; `hark` refuses older ones.
const NODE = existsSync(join(ROOT, 'node_modules/.bin/node')) ? join(ROOT, 'node_modules/.bin/node') : process.execPath;

export interface ServeProcess {
  /** The address it serves at, with its token. */
  url: string;
  /** Everything it printed so far, for failure messages. */
  log: () => string;
  stop: () => Promise<void>;
}

export function startServeProcess(db: string, env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  let log = '';
  const server: ChildProcess = spawn(NODE, [join(ROOT, 'bin/hark.js'), 'serve', '--db', db], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async () => {
    // Gone already: it exited, or a signal ended it (then exitCode stays null and 'exit' will not come again).
    if (server.exitCode !== null || server.signalCode !== null) return;
    server.removeAllListeners('exit');
    const exited = new Promise((done) => server.once('exit', done));
    server.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolveStarted, reject) => {
    const timer = setTimeout(() => reject(new Error(`hark serve did not start:\n${log}`)), 30_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const url = /Hark is serving at (\S+)/.exec(log)?.[1];
      if (url) {
        clearTimeout(timer);
        resolveStarted({ url, log: () => log, stop });
      }
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hark serve exited (${code}):\n${log}`));
    });
  });
}

/**
 * Starts `hark serve` processes for the tests of the describe block it is called in, and stops those still running
 * after each test (stop is safe twice, so a test may stop one itself).
 */
export function useServeProcesses(): (db: string, env?: NodeJS.ProcessEnv) => Promise<ServeProcess> {
  const running: ServeProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((process) => process.stop()));
  });
  return async (db, env) => {
    const process = await startServeProcess(db, env);
    running.push(process);
    return process;
  };
}
