// Runs in a worker thread: owns one encoder session and analyses the files the pool sends it.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../base/errors';
import { analyseFile, failureStage, type Tagger } from './analyse-file';
import type { WorkerInit, WorkerReply, WorkerRequest } from './analysis-protocol';
import { openTagger } from './open-tagger';

const init = workerData as WorkerInit;
const port = parentPort!;

const ready: Promise<{ tagger: Tagger | null; provider: string; problem?: string }> = openTagger(init);

ready.then((state) =>
  port.postMessage({ type: 'ready', provider: state.provider, problem: state.problem } satisfies WorkerReply),
);

port.on('message', async (request: WorkerRequest) => {
  const { tagger } = await ready;
  try {
    const result = await analyseFile(request.path, tagger);
    const transfer = [
      result.peaks.buffer,
      result.probs?.buffer,
      result.maxProbs?.buffer,
      result.features?.buffer,
      result.extension?.vector.buffer,
      result.extension?.data.buffer,
    ].filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
    port.postMessage({ type: 'done', jobId: request.jobId, result } satisfies WorkerReply, transfer);
  } catch (error) {
    port.postMessage({
      type: 'failed',
      jobId: request.jobId,
      stage: failureStage(error),
      reason: errorMessage(error),
    } satisfies WorkerReply);
  }
});
