// The keyword search thread (keyword-thread.ts): its own read-only connection to the library, one search at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../base/errors';
import { openReadOnlyDatabase } from '../store/database';
import type { WorkerAnswer, WorkerCall } from '../base/worker-client';
import { keywordAnswer, type KeywordAnswer, type KeywordAsk } from '../store/keyword-index';
import type { KeywordWorkerData } from './keyword-protocol';

const { dbPath } = workerData as KeywordWorkerData;
const db = openReadOnlyDatabase(dbPath);

parentPort!.on('message', ({ id, request }: WorkerCall<KeywordAsk>) => {
  let reply: WorkerAnswer<KeywordAnswer>;
  try {
    reply = { id, result: keywordAnswer(db, request) };
  } catch (error) {
    reply = { id, error: errorMessage(error) };
  }
  parentPort!.postMessage(reply);
});
