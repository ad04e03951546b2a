import type { FileAnalysis } from './analyse-file';

export interface WorkerInit {
  modelsDir: string;
  modelId: string | null;
  provider: string;
  threads: number;
}

export interface WorkerRequest {
  jobId: number;
  path: string;
}

export type WorkerReply =
  | { type: 'ready'; provider: string; problem?: string }
  | { type: 'done'; jobId: number; result: FileAnalysis }
  | { type: 'failed'; jobId: number; reason: string };
