import { existsSync } from 'node:fs';
import { errorMessage } from '../base/errors';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { analyseFile, failureStage, type FileAnalysis, type Tagger } from './analyse-file';
import type { FailureStage, WorkerInit, WorkerReply } from './analysis-protocol';
import { openTagger } from './open-tagger';

export interface AnalysisPool {
  /** Resolves with the analysis, rejects with a human reason. */
  analyse(path: string): Promise<FileAnalysis>;
  readonly size: number;
  provider(): Promise<string>;
  problem(): Promise<string | undefined>;
  close(): Promise<void>;
}

interface Job {
  resolve: (result: FileAnalysis) => void;
  reject: (error: Error) => void;
}

/** A failure reported by a worker, with the stage it happened in. */
export class AnalysisFailure extends Error {
  constructor(
    message: string,
    readonly stage: FailureStage,
  ) {
    super(message);
  }
}

/**
 * N worker threads, each with its own encoder session. Falls back to analysing in this thread when the bundled
 * worker script is absent (running from TypeScript sources, e.g. in unit tests).
 */
export function createAnalysisPool(init: WorkerInit, workers: number, workerUrl = defaultWorkerUrl()): AnalysisPool {
  if (workers <= 0 || !existsSync(fileURLToPath(workerUrl))) return inThreadPool(init);
  const jobs = new Map<number, Job>();
  let nextJob = 0;
  // Files differ wildly in length, so each job goes to the thread with the least work outstanding.
  const outstanding = new Array<number>(workers).fill(0);
  const owner = new Map<number, number>();
  const threads = Array.from({ length: workers }, () => new Worker(workerUrl, { workerData: init }));
  const ready = threads.map(
    (thread) =>
      new Promise<{ provider: string; problem?: string }>((resolve, reject) => {
        thread.once('error', reject);
        thread.on('message', (reply: WorkerReply) => {
          if (reply.type === 'ready') return resolve(reply);
          const job = jobs.get(reply.jobId);
          if (!job) return;
          jobs.delete(reply.jobId);
          outstanding[owner.get(reply.jobId)!]!--;
          owner.delete(reply.jobId);
          if (reply.type === 'done') job.resolve(reply.result);
          else job.reject(new AnalysisFailure(reply.reason, reply.stage));
        });
      }),
  );
  for (const thread of threads) {
    thread.on('error', (error) => {
      for (const [id, job] of jobs) {
        job.reject(error);
        jobs.delete(id);
      }
    });
  }
  return {
    size: workers,
    analyse(path) {
      const jobId = nextJob++;
      const index = outstanding.indexOf(Math.min(...outstanding));
      outstanding[index]!++;
      owner.set(jobId, index);
      return new Promise((resolve, reject) => {
        jobs.set(jobId, { resolve, reject });
        threads[index]!.postMessage({ jobId, path });
      });
    },
    provider: async () => (await ready[0]!).provider,
    problem: async () => (await ready[0]!).problem,
    async close() {
      await Promise.all(threads.map((thread) => thread.terminate()));
    },
  };
}

function inThreadPool(init: WorkerInit): AnalysisPool {
  const opened = openTagger(init);
  return {
    size: 1,
    analyse: async (path) => {
      try {
        return await analyseFile(path, (await opened).tagger as Tagger | null);
      } catch (error) {
        throw new AnalysisFailure(errorMessage(error), failureStage(error));
      }
    },
    provider: async () => (await opened).provider,
    problem: async () => (await opened).problem,
    close: async () => {},
  };
}

function defaultWorkerUrl(): URL {
  return new URL('./analysis-worker.js', import.meta.url);
}
