import type { AnalysisExtensionSpec } from '../ml/analysis-extension';
import type { FileAnalysis } from './analyse-file';

export interface WorkerInit {
  modelsDir: string;
  modelId: string | null;
  /** The analysis extension to run after the encoder (e.g. the trained heads), when one is installed. */
  extension: AnalysisExtensionSpec | null;
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
