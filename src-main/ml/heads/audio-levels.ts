// Multi-level audio vectors for the trained heads: mn04 with extra graph outputs (training/surgery.py writes
// <modelsDir>/hark-heads/mn04_levels.onnx from the installed mn04). Per 10 s window it returns the global average
// of activations at three depths, the 384-d embedding, the classifier's 512-d hidden layer and the 527 AudioSet
// probabilities; per file, their mean over windows (probabilities: max over windows, as the label bridge uses).

import * as ort from 'onnxruntime-node';
import { CLASS_COUNT, frameCount, MEL_BANDS, WINDOW_SAMPLES } from '../efficientat';
import { openSession, type ProviderChoice } from '../providers';
import { openBatchFrontEnd, type BatchFrontEnd } from '../spectrogram';
import { fillWindow, spanSeconds, windowSpans } from '../windows';

/** The audio levels, in the order they are concatenated into one per-file vector. */
export const AUDIO_LEVELS = [
  { name: 'level_low', dim: 96 },
  { name: 'level_mid', dim: 192 },
  { name: 'level_high', dim: 272 },
  { name: 'features', dim: 384 },
  { name: 'hidden', dim: 512 },
  { name: 'probs', dim: CLASS_COUNT },
] as const;

export const AUDIO_LEVELS_SIZE = AUDIO_LEVELS.reduce((sum, level) => sum + level.dim, 0);

export interface WindowLevels {
  start: number;
  end: number;
  /** All levels concatenated (AUDIO_LEVELS order), AUDIO_LEVELS_SIZE floats. */
  vector: Float32Array;
}

export interface FileLevels {
  windows: WindowLevels[];
  /** What the analysis pass stores per file: mean over windows, probabilities max over windows. */
  pooled: Float32Array;
}

export interface AudioLevelExtractor {
  extract(samples32k: Float32Array): Promise<FileLevels>;
  close(): Promise<void>;
}

export async function createAudioLevelExtractor(options: {
  modelPath: string;
  threads?: number;
  provider?: ProviderChoice;
  batchSize?: number;
}): Promise<AudioLevelExtractor> {
  const threads = Math.max(1, options.threads ?? 2);
  const log = (message: string) => console.warn(message);
  const opened = await openSession(options.modelPath, { provider: options.provider ?? 'cpu', threads, log });
  const frontEnd = await openBatchFrontEnd(opened.provider, threads, log);
  return new LevelExtractor(opened.session, frontEnd, Math.max(1, options.batchSize ?? 4));
}

class LevelExtractor implements AudioLevelExtractor {
  private readonly audio: Float32Array;
  private readonly frames = frameCount(WINDOW_SAMPLES);

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly frontEnd: BatchFrontEnd,
    private readonly batchSize: number,
  ) {
    this.audio = new Float32Array(batchSize * WINDOW_SAMPLES);
  }

  async extract(samples: Float32Array): Promise<FileLevels> {
    if (samples.length === 0) throw new RangeError('no samples to analyse');
    const spans = windowSpans(samples.length);
    const windows: WindowLevels[] = [];
    for (let first = 0; first < spans.length; first += this.batchSize) {
      const batch = spans.slice(first, first + this.batchSize);
      batch.forEach((span, i) => fillWindow(samples, span, this.audio.subarray(i * WINDOW_SAMPLES, (i + 1) * WINDOW_SAMPLES)));
      const spec = await this.frontEnd.spectrogram(this.audio, batch.length);
      const out = await this.session.run({ spec: new ort.Tensor('float32', spec, [batch.length, 1, MEL_BANDS, this.frames]) });
      batch.forEach((span, i) => windows.push({ ...spanSeconds(span), vector: windowLevels(out, i) }));
    }
    return { windows, pooled: poolLevels(windows.map((w) => w.vector)) };
  }

  async close(): Promise<void> {
    await this.frontEnd.close();
    await this.session.release();
  }
}

/** One window's levels from a run of mn04_levels.onnx (row `row` of the batch), concatenated in AUDIO_LEVELS order. */
export function windowLevels(out: ort.InferenceSession.OnnxValueMapType, row: number): Float32Array {
  const vector = new Float32Array(AUDIO_LEVELS_SIZE);
  let offset = 0;
  for (const level of AUDIO_LEVELS) {
    const source = level.name === 'probs' ? out.logits : out[level.name];
    const data = (source.data as Float32Array).subarray(row * level.dim, (row + 1) * level.dim);
    if (level.name === 'probs') for (let c = 0; c < level.dim; c++) vector[offset + c] = 1 / (1 + Math.exp(-data[c]!));
    else vector.set(data, offset);
    offset += level.dim;
  }
  return vector;
}

/** Mean over windows for activations, max for the AudioSet probabilities. */
export function poolLevels(windows: Float32Array[]): Float32Array {
  const pooled = new Float32Array(AUDIO_LEVELS_SIZE);
  const probsFrom = AUDIO_LEVELS_SIZE - CLASS_COUNT;
  for (const w of windows) {
    for (let i = 0; i < probsFrom; i++) pooled[i] += w[i]! / windows.length;
    for (let i = probsFrom; i < AUDIO_LEVELS_SIZE; i++) pooled[i] = Math.max(pooled[i]!, w[i]!);
  }
  return pooled;
}
