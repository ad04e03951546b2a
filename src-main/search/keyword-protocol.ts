import type { KeywordHit } from '../store/keyword-index';

/** Messages between the Searcher and the keyword search thread (keyword-worker.ts). */
export interface KeywordRequest {
  id: number;
  match: string | null;
  exclude: string | null;
  limit: number;
}

export type KeywordReply = { id: number; hits: KeywordHit[] } | { id: number; error: string };

export interface KeywordWorkerData {
  dbPath: string;
}
