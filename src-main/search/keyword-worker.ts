// The keyword search thread (keyword-thread.ts): its own read-only connection to the library, one search at a time.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { errorMessage } from '../base/errors';
import { keywordSearch } from '../store/keyword-index';
import type { KeywordReply, KeywordRequest, KeywordWorkerData } from './keyword-protocol';

const { dbPath } = workerData as KeywordWorkerData;
const db = new Database(dbPath, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('mmap_size = 1073741824');

parentPort!.on('message', (request: KeywordRequest) => {
  let reply: KeywordReply;
  try {
    reply = { id: request.id, hits: keywordSearch(db, request.match, request.exclude, request.limit) };
  } catch (error) {
    reply = { id: request.id, error: errorMessage(error) };
  }
  parentPort!.postMessage(reply);
});
