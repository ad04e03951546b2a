import { workerClient } from '../base/worker-client';
import type { Db } from '../store/database';
import { keywordAnswer, type KeywordAnswer, type KeywordAsk } from '../store/keyword-index';
import type { KeywordWorkerData } from './keyword-protocol';

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
  const client = workerClient<KeywordAsk, KeywordAnswer>({
    workerUrl,
    workerData: { dbPath } satisfies KeywordWorkerData,
    name: 'the keyword search thread',
    local: local.search,
    useThread: dbPath !== ':memory:',
  });
  return {
    search: (ask) => client.call(ask),
    get onOwnThread() {
      return client.onOwnThread;
    },
    close: () => client.close(),
  };
}

function defaultWorkerUrl(): URL {
  return new URL('./keyword-worker.js', import.meta.url);
}
