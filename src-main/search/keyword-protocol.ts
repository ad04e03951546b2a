/** What the keyword search thread (keyword-worker.ts) is started with; calls are base/worker-client's. */
export interface KeywordWorkerData {
  dbPath: string;
}
