// The keyword search thread (keyword-thread.ts): its own read-only connection to the library, one search at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../base/errors';
import { openReadOnlyDatabase } from '../store/database';
import { keywordAnswer } from '../store/keyword-index';
import type { KeywordReply, KeywordRequest, KeywordWorkerData } from './keyword-protocol';

const { dbPath } = workerData as KeywordWorkerData;
const db = openReadOnlyDatabase(dbPath);

parentPort!.on('message', (request: KeywordRequest) => {
  let reply: KeywordReply;
  try {
    reply = { id: request.id, answer: keywordAnswer(db, request.ask) };
  } catch (error) {
    reply = { id: request.id, error: errorMessage(error) };
  }
  parentPort!.postMessage(reply);
});
