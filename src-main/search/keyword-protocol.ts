import type { KeywordAnswer, KeywordAsk } from '../store/keyword-index';

/** Messages between the Searcher and the keyword search thread (keyword-worker.ts). */
export interface KeywordRequest {
  id: number;
  ask: KeywordAsk;
}

export type KeywordReply = { id: number; answer: KeywordAnswer } | { id: number; error: string };

export interface KeywordWorkerData {
  dbPath: string;
}
