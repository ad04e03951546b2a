import { DecodeError, decodeToMono } from '../audio/decode';
import { computePeaks, encodePeaks } from '../audio/peaks';
import type { ExtensionOutput } from '../ml/analysis-extension';

/** The model's sample rate: EfficientAT runs on 32 kHz mono. */
export const ANALYSIS_RATE = 32_000;

/** Beyond this, a file is analysed only at its start: a three-hour field recording must not stall the library. */
export const MAX_ANALYSED_SECONDS = 20 * 60;

export interface ClipTags {
  windows: { start: number; end: number; probs: Float32Array; features: Float32Array }[];
  probs: Float32Array;
  maxProbs: Float32Array;
  features: Float32Array;
  /** The analysis extension's output, when one runs (library/open-tagger.ts). */
  extension?: ExtensionOutput;
}

export interface Tagger {
  tag(samples: Float32Array): Promise<ClipTags>;
}

export interface FileAnalysis {
  duration: number;
  probs: Float32Array | null;
  maxProbs: Float32Array | null;
  features: Float32Array | null;
  extension: ExtensionOutput | null;
  windows: { start: number; end: number; probs: Float32Array }[];
  peaks: Uint8Array;
  peaksRate: number;
}

/** The audio decoded but the model failed on it: not the file's fault, so it is retried on the next run. */
export class AnalysisError extends Error {
  readonly stage = 'analysis';
}

export function failureStage(error: unknown): 'decode' | 'analysis' {
  return error instanceof AnalysisError || !(error instanceof DecodeError) ? 'analysis' : 'decode';
}

/**
 * decode -> mono -> 32 kHz -> (tagger) + waveform peaks. Throws with a human reason on bad audio: a DecodeError for
 * anything up to the tagger, so that a file which can never be read is not tried again on every run.
 */
export async function analyseFile(path: string, tagger: Tagger | null): Promise<FileAnalysis> {
  let audio;
  let peaks;
  try {
    audio = await decodeToMono(path, ANALYSIS_RATE, { maxSeconds: MAX_ANALYSED_SECONDS });
    peaks = computePeaks(audio.samples, ANALYSIS_RATE);
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    // A decoder surprise (a RangeError on an absurd header field) is the file's, like any other decode failure.
    throw new DecodeError(`cannot decode (${error instanceof Error ? error.message : String(error)})`, path);
  }
  let tags: ClipTags | null = null;
  try {
    tags = tagger && audio.samples.length > 0 ? await tagger.tag(audio.samples) : null;
  } catch (error) {
    throw new AnalysisError(error instanceof Error ? error.message : String(error));
  }
  return {
    duration: audio.duration,
    probs: tags?.probs ?? null,
    maxProbs: tags?.maxProbs ?? null,
    features: tags?.features ?? null,
    extension: tags?.extension ?? null,
    windows: tags?.windows.map(({ start, end, probs }) => ({ start, end, probs })) ?? [],
    peaks: encodePeaks(peaks),
    peaksRate: peaks.rate,
  };
}
