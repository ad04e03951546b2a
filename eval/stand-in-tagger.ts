// A stand-in for the project's audio tagger, for the dev evaluation only, until src-main/ml's tagger lands:
// sox decodes to 32 kHz mono float, the front-end ONNX graph of src-main/ml turns 10 s windows into log-mel,
// and mn04 gives 527 logits -> sigmoid probabilities. Clips under 10 s are zero-padded to a full window
// (measured better than running them at native length); longer files use 10 s windows with 5 s hop.

import { execFileSync } from 'node:child_process';
import * as ort from 'onnxruntime-node';
import { FRONTEND_ONNX_BASE64 } from '../src-main/ml/frontend-graph.generated';

const SR = 32000;
const WINDOW = 10 * SR;
const HOP = 5 * SR;
export const NUM_CLASSES = 527;

export interface FileTags {
  /** Max over windows of each class probability. */
  maxProbs: Float32Array;
  /** Mean over windows. */
  meanProbs: Float32Array;
  windows: number;
}

export interface StandInTagger {
  tag(samples32k: Float32Array): Promise<FileTags>;
}

export function decode32kMono(file: string): Float32Array {
  const raw = execFileSync(
    'sox',
    ['--no-glob', file, '-t', 'f32', '-e', 'floating-point', '-c', '1', '-r', String(SR), '-'],
    {
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
}

export async function createStandInTagger(modelPath: string, threads = 1): Promise<StandInTagger> {
  const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1 };
  const frontend = await ort.InferenceSession.create(Buffer.from(FRONTEND_ONNX_BASE64, 'base64'), options);
  const model = await ort.InferenceSession.create(modelPath, options);

  async function tag(samples: Float32Array): Promise<FileTags> {
    const starts: number[] = [0];
    for (let s = HOP; s + WINDOW <= samples.length + HOP / 2 && s + WINDOW / 2 < samples.length; s += HOP)
      starts.push(s);
    const batch = new Float32Array(starts.length * WINDOW);
    starts.forEach((s, i) => batch.set(samples.subarray(s, Math.min(samples.length, s + WINDOW)), i * WINDOW));
    const audio = new ort.Tensor('float32', batch, [starts.length, WINDOW]);
    const { spec } = await frontend.run({ audio });
    const { logits } = await model.run({ spec: spec! });
    const values = logits!.data as Float32Array;
    const maxProbs = new Float32Array(NUM_CLASSES);
    const meanProbs = new Float32Array(NUM_CLASSES);
    for (let w = 0; w < starts.length; w++) {
      for (let c = 0; c < NUM_CLASSES; c++) {
        const p = 1 / (1 + Math.exp(-values[w * NUM_CLASSES + c]!));
        if (p > maxProbs[c]!) maxProbs[c] = p;
        meanProbs[c]! += p / starts.length;
      }
    }
    return { maxProbs, meanProbs, windows: starts.length };
  }
  return { tag };
}
