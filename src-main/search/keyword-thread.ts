import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../store/database';
import { keywordAnswer, type KeywordAnswer, type KeywordAsk } from '../store/keyword-index';
import type { KeywordReply, KeywordRequest } from './keyword-protocol';

/** Runs keyword searches (SQLite FTS5 ranked by BM25, with the counts scoring needs) for the Searcher. */
export interface KeywordSearcher {
  search(ask: KeywordAsk): Promise<KeywordAnswer>;
  /** True while searches go to the keyword thread, false when they run on the caller's. */
  readonly onOwnThread: boolean;
  close(): void;
}

/** On the caller's thread and connection: for in-memory databases and runs from TypeScript sources (tests). */
export function inThreadKeywordSearcher(db: Db): KeywordSearcher {
  return {
    search: async (ask) => keywordAnswer(db, ask),
    onOwnThread: false,
    close: () => {},
  };
}

/**
 * On a thread of its own with its own read-only connection, so a query's keyword search (about 7 ms of SQLite at
 * 100k files when a word matches a tenth of them) runs beside the model's work on the main thread instead of
 * before or after it. WAL lets that connection read every committed write. Falls back to the caller's thread when
 * the bundled worker script is absent or the thread dies; a search that was waiting on it then reruns there.
 */
export function createKeywordSearcher(db: Db, dbPath: string, workerUrl = defaultWorkerUrl()): KeywordSearcher {
  const local = inThreadKeywordSearcher(db);
  if (dbPath === ':memory:' || !existsSync(fileURLToPath(workerUrl))) return local;
  const pending = new Map<
    number,
    { request: KeywordRequest; resolve: (answer: KeywordAnswer) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let worker: Worker | null = new Worker(workerUrl, { workerData: { dbPath } });
  worker.unref(); // an idle keyword thread never keeps the CLI alive
  worker.on('message', (reply: KeywordReply) => {
    const job = pending.get(reply.id);
    if (!job) return;
    pending.delete(reply.id);
    if ('answer' in reply) job.resolve(reply.answer);
    else job.reject(new Error(reply.error));
  });
  const giveUp = () => {
    worker = null;
    for (const [id, job] of pending) {
      pending.delete(id);
      local.search(job.request.ask).then(job.resolve, job.reject);
    }
  };
  worker.on('error', (error) => {
    console.warn(`Hark: the keyword search thread failed (${error.message}); searching on the main thread.`);
    giveUp();
  });
  worker.on('exit', giveUp);
  return {
    search(ask) {
      if (!worker) return local.search(ask);
      const request: KeywordRequest = { id: nextId++, ask };
      return new Promise((resolve, reject) => {
        pending.set(request.id, { request, resolve, reject });
        worker!.postMessage(request);
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

function defaultWorkerUrl(): URL {
  return new URL('./keyword-worker.js', import.meta.url);
}
