import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { CLASS_COUNT, FEATURE_SIZE, frameCount, MEL_BANDS, WINDOW_SAMPLES } from './efficientat';
import { findManifest } from './model-manifest';
import { modelStatus } from './model-manager';
import { modelsDir as defaultModelsDir } from './models-dir';
import { openSession, type ProviderChoice, type ProviderName } from './providers';
import { openBatchFrontEnd, type BatchFrontEnd } from './spectrogram';
import { fillWindow, spanSeconds, windowSpans, type WindowSpan } from './windows';

export const AUDIO_TAGGER_ID = 'efficientat-mn04-as';

export interface WindowTags {
  /** Seconds from the start of the input. */
  start: number;
  end: number;
  /** Sigmoid of the 527 AudioSet logits, in class_labels_indices.csv order. */
  probs: Float32Array;
  /** The encoder's 384-d embedding. */
  features: Float32Array;
  /** The encoder's extra outputs for this window (TaggerOptions.encoder.extraOutputs), by name. */
  extra?: Record<string, Float32Array>;
}

export interface ClipTags {
  windows: WindowTags[];
  /** Mean of the window probabilities. */
  probs: Float32Array;
  /** Max of the window probabilities. */
  maxProbs: Float32Array;
  /** Mean of the window features. */
  features: Float32Array;
}

export interface TaggerOptions {
  modelsDir?: string;
  provider?: ProviderChoice;
  /** ONNX Runtime intra-op threads; with N workers keep N x threads <= cores (see threadsPerWorker). */
  threads?: number;
  /** Windows per encoder run. */
  batchSize?: number;
  /**
   * A graph to run instead of the installed mn04 with the same logits and features and more outputs (e.g. the
   * trained heads' mn04_levels.onnx from training/surgery.py); each window then carries `extraOutputs` in `extra`.
   */
  encoder?: { modelPath: string; extraOutputs: readonly string[] };
  log?: (message: string) => void;
}

export interface Tagger {
  /** The execution provider running the encoder. */
  readonly provider: ProviderName;
  /** Why better providers were passed over. */
  readonly fallbacks: string[];
  /** Which log-mel front-end runs: 'wasm-simd' on the CPU, 'onnx-<provider>' on a GPU. */
  readonly frontEnd: string;
  /** Tags one mono 32 kHz input of any length (> 0 samples). */
  tag(samples: Float32Array): Promise<ClipTags>;
  /** Tags several inputs, packing all their windows into shared batches. */
  tagMany(clips: Float32Array[]): Promise<ClipTags[]>;
  close(): Promise<void>;
}

export const DEFAULT_BATCH_SIZE = 4;

/**
 * Opens the mn04 AudioSet tagger from `<modelsDir>/efficientat-mn04-as/`. Throws, with the model manager's
 * message, when the model is missing or damaged.
 */
export async function createTagger(options: TaggerOptions = {}): Promise<Tagger> {
  const dir = options.modelsDir ?? defaultModelsDir();
  const status = await modelStatus(AUDIO_TAGGER_ID, dir);
  if (status.state !== 'installed') throw new Error(status.message);
  const onnx = findManifest(AUDIO_TAGGER_ID).onnx as { model: string };
  const log = options.log ?? ((message: string) => console.warn(message));
  const threads = Math.max(1, options.threads ?? availableParallelism());
  // A path, not bytes: ONNX Runtime then finds mn04_as.onnx.data (external weights) beside it.
  const modelPath = options.encoder?.modelPath ?? join(status.dir, onnx.model);
  const opened = await openSession(modelPath, { provider: options.provider, threads, log });
  const frontEnd = await openBatchFrontEnd(opened.provider, threads, log);
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  return new OnnxTagger(
    opened.session,
    opened.provider,
    opened.fallbacks,
    frontEnd,
    batchSize,
    options.encoder?.extraOutputs ?? [],
  );
}

interface PendingWindow {
  clip: number;
  span: WindowSpan;
}

class OnnxTagger implements Tagger {
  private readonly frames = frameCount(WINDOW_SAMPLES);
  private readonly audio: Float32Array;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly session: ort.InferenceSession,
    readonly provider: ProviderName,
    readonly fallbacks: string[],
    private readonly spectrograms: BatchFrontEnd,
    private readonly batchSize: number,
    private readonly extraOutputs: readonly string[],
  ) {
    this.audio = new Float32Array(batchSize * WINDOW_SAMPLES);
  }

  get frontEnd(): string {
    return this.spectrograms.kind;
  }

  async tag(samples: Float32Array): Promise<ClipTags> {
    const [tags] = await this.tagMany([samples]);
    return tags!; // one clip in, one out
  }

  tagMany(clips: Float32Array[]): Promise<ClipTags[]> {
    // One batch at a time: the window buffer is reused between runs.
    const result = this.queue.then(() => this.tagAll(clips));
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async tagAll(clips: Float32Array[]): Promise<ClipTags[]> {
    const pending: PendingWindow[] = [];
    clips.forEach((samples, clip) => {
      if (samples.length === 0) throw new RangeError(`Clip ${clip} has no samples to tag`);
      for (const span of windowSpans(samples.length)) pending.push({ clip, span });
    });
    const perClip: WindowTags[][] = clips.map(() => []);
    // Pipelined: ONNX Runtime runs the encoder off the JavaScript thread, so the next batch's front-end is
    // computed while the current batch is being encoded.
    let encoding: Promise<void> | null = null;
    try {
      for (let first = 0; first < pending.length; first += this.batchSize) {
        const batch = pending.slice(first, first + this.batchSize);
        // Indexes below come from `pending`, built over `clips`, and `results`, one per window of the batch.
        const spec = await this.spectrogram(batch.map(({ clip, span }) => ({ samples: clips[clip]!, span })));
        await encoding;
        encoding = this.encode(spec, batch.length).then((results) =>
          batch.forEach(({ clip, span }, i) => perClip[clip]!.push({ ...spanSeconds(span), ...results[i]! })),
        );
      }
      await encoding;
    } catch (error) {
      await encoding?.catch(() => undefined); // never leave a run in flight behind a thrown error
      throw error;
    }
    return perClip.map(pool);
  }

  private spectrogram(windows: { samples: Float32Array; span: WindowSpan }[]): Promise<Float32Array> {
    windows.forEach(({ samples, span }, i) =>
      fillWindow(samples, span, this.audio.subarray(i * WINDOW_SAMPLES, (i + 1) * WINDOW_SAMPLES)),
    );
    return this.spectrograms.spectrogram(this.audio, windows.length);
  }

  private async encode(spec: Float32Array, count: number): Promise<Omit<WindowTags, 'start' | 'end'>[]> {
    const input = new ort.Tensor('float32', spec, [count, 1, MEL_BANDS, this.frames]);
    const output = await this.session.run({ spec: input });
    if (!output.logits || !output.features) throw new Error('The audio model gave no logits or features output');
    const logits = output.logits.data as Float32Array;
    const features = output.features.data as Float32Array;
    return Array.from({ length: count }, (_, i) => {
      const probs = new Float32Array(CLASS_COUNT);
      for (let c = 0; c < CLASS_COUNT; c++) probs[c] = 1 / (1 + Math.exp(-logits[i * CLASS_COUNT + c]!));
      const window = { probs, features: features.slice(i * FEATURE_SIZE, (i + 1) * FEATURE_SIZE) };
      return this.extraOutputs.length ? { ...window, extra: extraRow(output, this.extraOutputs, i, count) } : window;
    });
  }

  async close(): Promise<void> {
    await this.spectrograms.close();
    await this.session.release();
  }
}

/** Clip level: mean and max of the window probabilities, mean of the window features. */
export function pool(windows: WindowTags[]): ClipTags {
  const probs = new Float32Array(CLASS_COUNT);
  const maxProbs = new Float32Array(CLASS_COUNT);
  const features = new Float32Array(FEATURE_SIZE);
  for (const window of windows) {
    for (let c = 0; c < CLASS_COUNT; c++) {
      probs[c]! += window.probs[c]! / windows.length;
      maxProbs[c] = Math.max(maxProbs[c]!, window.probs[c]!);
    }
    for (let f = 0; f < FEATURE_SIZE; f++) features[f]! += window.features[f]! / windows.length;
  }
  return { windows, probs, maxProbs, features };
}

/** Row `row` of each named output of a batch of `count` windows. */
function extraRow(
  output: ort.InferenceSession.OnnxValueMapType,
  names: readonly string[],
  row: number,
  count: number,
): Record<string, Float32Array> {
  const extra: Record<string, Float32Array> = {};
  for (const name of names) {
    const data = output[name]?.data;
    if (!(data instanceof Float32Array)) throw new Error(`the encoder graph has no float output ${name}`);
    const width = data.length / count;
    extra[name] = data.slice(row * width, (row + 1) * width);
  }
  return extra;
}
