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
 * Calls to a bundled worker script, answered in any order. Falls back to `local` on the caller's thread when the
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
}): WorkerClient<Request, Result> {
  const { local } = options;
  const pending = new Map<
    number,
    { request: Request; resolve: (result: Result) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let worker: Worker | null =
    options.useThread !== false && existsSync(fileURLToPath(options.workerUrl))
      ? new Worker(options.workerUrl, { workerData: options.workerData })
      : null;
  const giveUp = () => {
    worker = null;
    for (const [id, job] of pending) {
      pending.delete(id);
      local(job.request).then(job.resolve, job.reject);
    }
  };
  if (worker) {
    worker.unref(); // an idle thread never keeps the CLI alive
    worker.on('message', (answer: WorkerAnswer<Result>) => {
      const job = pending.get(answer.id);
      if (!job) return;
      pending.delete(answer.id);
      if ('result' in answer) job.resolve(answer.result);
      else job.reject(new Error(answer.error));
    });
    worker.on('error', (error) => {
      console.warn(`Hark: ${options.name} failed (${error.message}); running on the main thread.`);
      giveUp();
    });
    worker.on('exit', giveUp);
  }
  return {
    call(request) {
      if (!worker) return local(request);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { request, resolve, reject });
        worker!.postMessage({ id, request } satisfies WorkerCall<Request>);
      });
    },
    get onOwnThread() {
      return worker !== null;
    },
    close() {
      const closing = worker;
      worker = null;
      void closing?.terminate();
    },
  };
}
