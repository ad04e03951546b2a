// The text encoder's thread (text-encoder-thread.ts): loads the text tower once, then embeds the texts it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../base/errors';
import { createTextEncoder, type TextLevels } from './text-encoder';
import type { WorkerAnswer, WorkerCall } from '../../base/worker-client';
import type { TextEncoderRequest, TextEncoderWorkerData } from './text-encoder-protocol';

// The graph's first run costs several later ones (TF.js or ONNX Runtime sets up its kernels): made before any query arrives, while
// the main thread is busy with its own start.
const encoder = createTextEncoder(workerData as TextEncoderWorkerData).then(async (model) => {
  await model.embed(['warm up']);
  return model;
});
encoder.catch(() => undefined); // every request answers with the error

parentPort!.on('message', ({ id, request }: WorkerCall<TextEncoderRequest>) => {
  void answer(id, request).then((reply) => {
    const buffers =
      'result' in reply
        ? reply.result.flatMap((l) => [l.sentence.buffer as ArrayBuffer, l.layers.buffer as ArrayBuffer])
        : [];
    parentPort!.postMessage(reply, buffers);
  });
});

async function answer(id: number, request: TextEncoderRequest): Promise<WorkerAnswer<TextLevels[]>> {
  try {
    const model = await encoder;
    const levels: TextLevels[] = request.withLayers
      ? await model.embedWithLayers(request.texts)
      : (await model.embed(request.texts)).map((sentence) => ({ sentence, layers: new Float32Array(0) }));
    return { id, result: levels };
  } catch (error) {
    return { id, error: errorMessage(error) };
  }
}
