import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  createTextEncoder,
  TEXT_EMBEDDING_DIM,
  TEXT_ENCODER_ID,
  type SentenceEncoder,
  type TextEncoderOptions,
  type TextLevels,
} from './text-encoder';
import type { TextEncoderReply, TextEncoderRequest } from './text-encoder-protocol';

/**
 * The sentence encoder on a thread of its own. Loading it (its TF.js modules, about half a second, then the graph)
 * and each query's run then happen beside the main thread's work (the label bridge reading its matrix), not before
 * it: most of a cold CLI search's wait. Falls back to this thread when the bundled worker script is absent (runs
 * from TypeScript sources) or the thread dies; what was waiting on it then runs here.
 */
export interface ThreadedTextEncoder extends SentenceEncoder {
  /** True while texts go to the encoder's thread, false when they are encoded on the caller's. */
  readonly onOwnThread: boolean;
  close(): void;
}

export function createTextEncoderThread(
  options: TextEncoderOptions = {},
  workerUrl = defaultWorkerUrl(),
): ThreadedTextEncoder {
  let local: Promise<SentenceEncoder> | null = null;
  const inThread = async (texts: string[], withLayers: boolean): Promise<TextLevels[]> => {
    const encoder = await (local ??= createTextEncoder(options));
    if (withLayers) return encoder.embedWithLayers(texts);
    return (await encoder.embed(texts)).map((sentence) => ({ sentence, layers: new Float32Array(0) }));
  };
  const pending = new Map<
    number,
    { request: TextEncoderRequest; resolve: (levels: TextLevels[]) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let worker: Worker | null = existsSync(fileURLToPath(workerUrl))
    ? new Worker(workerUrl, { workerData: options })
    : null;
  const giveUp = () => {
    worker = null;
    for (const [id, job] of pending) {
      pending.delete(id);
      inThread(job.request.texts, job.request.withLayers).then(job.resolve, job.reject);
    }
  };
  if (worker) {
    worker.unref(); // an idle encoder thread never keeps the CLI alive
    worker.on('message', (reply: TextEncoderReply) => {
      const job = pending.get(reply.id);
      if (!job) return;
      pending.delete(reply.id);
      if ('levels' in reply) job.resolve(reply.levels);
      else job.reject(new Error(reply.error));
    });
    worker.on('error', (error) => {
      console.warn(`Hark: the text encoder thread failed (${error.message}); encoding on the main thread.`);
      giveUp();
    });
    worker.on('exit', giveUp);
  }

  const run = (texts: string[], withLayers: boolean): Promise<TextLevels[]> => {
    if (!worker) return inThread(texts, withLayers);
    const request: TextEncoderRequest = { id: nextId++, texts, withLayers };
    return new Promise((resolve, reject) => {
      pending.set(request.id, { request, resolve, reject });
      worker!.postMessage(request);
    });
  };
  return {
    id: TEXT_ENCODER_ID,
    dim: TEXT_EMBEDDING_DIM,
    embed: async (texts) => (await run(texts, false)).map((levels) => levels.sentence),
    embedWithLayers: (texts) => run(texts, true),
    get onOwnThread() {
      return worker !== null;
    },
    close() {
      const closing = worker;
      worker = null;
      void closing?.terminate();
    },
  };
}

function defaultWorkerUrl(): URL {
  return new URL('./text-encoder-worker.js', import.meta.url);
}
