import type { FileAnalysis } from './analyse-file';

export interface WorkerInit {
  modelsDir: string;
  modelId: string | null;
  /** The trained heads' folder when they are installed: the encoder then also yields their per-file codes. */
  headsDir: string | null;
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
  | { type: 'failed'; jobId: number; stage: FailureStage; reason: string };

/** 'decode': the file is bad (retried when it changes); 'analysis': the model failed (retried on every run). */
export type FailureStage = 'decode' | 'analysis';
