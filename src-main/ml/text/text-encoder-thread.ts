import { workerClient } from '../../base/worker-client';
import {
  chooseTextTower,
  createTextEncoder,
  type SentenceEncoder,
  type TextEncoderOptions,
  type TextLevels,
} from './text-encoder';
import type { TextEncoderRequest, TextEncoderWorkerData } from './text-encoder-protocol';

/**
 * The sentence encoder on a thread of its own. Loading it (USE-lite's TF.js modules take about half a second, then the graph)
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
  // Chosen here, once: the thread and the fallback on this thread must run the same tower.
  const tower = chooseTextTower(options);
  options = { ...options, tower: tower.name };
  let local: Promise<SentenceEncoder> | null = null;
  const inThread = async (texts: string[], withLayers: boolean): Promise<TextLevels[]> => {
    const encoder = await (local ??= createTextEncoder(options));
    if (withLayers) return encoder.embedWithLayers(texts);
    return (await encoder.embed(texts)).map((sentence) => ({ sentence, layers: new Float32Array(0) }));
  };
  const client = workerClient<TextEncoderRequest, TextLevels[]>({
    workerUrl,
    workerData: options satisfies TextEncoderWorkerData,
    name: 'the text encoder thread',
    local: (request) => inThread(request.texts, request.withLayers),
    // Made when the first query needs it: the model loads while the caller prepares the rest.
    startAtOnce: true,
  });
  const run = (texts: string[], withLayers: boolean) => client.call({ texts, withLayers });
  return {
    id: tower.id,
    dim: tower.dim,
    embed: async (texts) => (await run(texts, false)).map((levels) => levels.sentence),
    embedWithLayers: (texts) => run(texts, true),
    get onOwnThread() {
      return client.onOwnThread;
    },
    close: () => client.close(),
  };
}

function defaultWorkerUrl(): URL {
  return new URL('./text-encoder-worker.js', import.meta.url);
}
