import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What a worker thread of Hark's is sent and answers (keyword-worker.ts, text-encoder-worker.ts). */
export interface WorkerCall<Request> {
  id: number;
  request: Request;
}
export type WorkerAnswer<Result> = { id: number; result: Result } | { id: number; error: string };

export interface WorkerClient<Request, Result> {
  call(request: Request): Promise<Result>;
  /** True while calls go to the thread, false when they run on the caller's. */
  readonly onOwnThread: boolean;
  close(): void;
}

/**
 * Calls to a bundled worker script (started by the first call), answered in any order. Falls back to `local` on the caller's thread when the
 * script is absent (runs from TypeScript sources) or the thread dies; calls waiting on it then run there.
 */
export function workerClient<Request, Result>(options: {
  workerUrl: URL;
  workerData: unknown;
  /** What the thread does, for the warning when it fails ("the keyword search thread"). */
  name: string;
  local: (request: Request) => Promise<Result>;
  /** False: never start the thread (e.g. an in-memory database it could not open). */
  useThread?: boolean;
  /** Start the thread now rather than at the first call: for a client made only when it is about to be used. */
  startAtOnce?: boolean;
}): WorkerClient<Request, Result> {
  const { local } = options;
  const pending = new Map<
    number,
    { request: Request; resolve: (result: Result) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  // Started at the first call unless asked (startAtOnce), not at open: a command that never calls it (`hark add`, `catalogue connect`) exits
  // at once, and a process that exits while the thread is still loading its native addon dies in Node with
  // "FATAL ERROR: Error::New napi_get_last_error_info" (seen in CI on a quick CLI command).
  let usable = options.useThread !== false && existsSync(fileURLToPath(options.workerUrl));
  let worker: Worker | null = null;
  const giveUp = () => {
    usable = false;
    worker = null;
    for (const [id, job] of pending) {
      pending.delete(id);
      local(job.request).then(job.resolve, job.reject);
    }
  };
  const start = (): Worker => {
    const thread = new Worker(options.workerUrl, { workerData: options.workerData });
    thread.unref(); // an idle thread never keeps the CLI alive
    thread.on('message', (answer: WorkerAnswer<Result>) => {
      const job = pending.get(answer.id);
      if (!job) return;
      pending.delete(answer.id);
      if ('result' in answer) job.resolve(answer.result);
      else job.reject(new Error(answer.error));
    });
    thread.on('error', (error) => {
      console.warn(`Hark: ${options.name} failed (${error.message}); running on the main thread.`);
      giveUp();
    });
    thread.on('exit', giveUp);
    return thread;
  };
  if (usable && options.startAtOnce) worker = start();
  return {
    call(request) {
      if (!usable) return local(request);
      const thread = (worker ??= start());
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { request, resolve, reject });
        thread.postMessage({ id, request } satisfies WorkerCall<Request>);
      });
    },
    get onOwnThread() {
      return usable;
    },
    close() {
      const closing = worker;
      usable = false;
      worker = null;
      void closing?.terminate();
    },
  };
}
