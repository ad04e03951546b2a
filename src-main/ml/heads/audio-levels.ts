// Multi-level audio vectors for the trained heads: mn04 with extra graph outputs (training/surgery.py writes
// <modelsDir>/hark-heads/mn04_levels.onnx from the installed mn04). Per 10 s window it returns the global average
// of activations at three depths, the 384-d embedding, the classifier's 512-d hidden layer and the 527 AudioSet
// probabilities; per file, their pool over the windows the heads hear (fileLevels). The analysis pass
// (ml/heads/analysis.ts) and training/extract-audio.ts both pool with fileLevels, so the heads are trained on the
// same audio they serve.

import { CLASS_COUNT } from '../efficientat';
import type { ExtensionWindow } from '../analysis-extension';

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

/** The graph outputs the levels need beyond the encoder's own (its embedding is `features`, its logits give `probs`). */
export const LEVEL_OUTPUTS: readonly string[] = AUDIO_LEVELS.map((level) => level.name).filter(
  (name) => name !== 'features' && name !== 'probs',
);

/** The tagger's encoder for the heads: mn04_levels.onnx with the level outputs. */
export function levelsEncoder(modelPath: string): { modelPath: string; extraOutputs: readonly string[] } {
  return { modelPath, extraOutputs: LEVEL_OUTPUTS };
}

/**
 * The heads hear the first 30 s of a file: what they were trained on (bounded training time; effects are short),
 * and, from this version, what the analysis pass pools for them too (before, it pooled up to 20 minutes).
 */
export const HEARD_SECONDS = 30;

/**
 * How much of a file training decodes: one window hop past what is heard, so that the windows heard are the
 * analysis pass's own (same spans, and the resampler's edge at the cut lies outside them).
 */
export const DECODED_SECONDS = HEARD_SECONDS + 5;

/** Changes whenever fileLevels does: it is part of the heads' key, so stored codes pooled otherwise are remade. */
export const POOLING = `mean activations, max probabilities, windows ending within ${HEARD_SECONDS} s`;

/** One window's levels, concatenated in AUDIO_LEVELS order. Throws when the encoder gave no level outputs. */
export function windowLevels(window: ExtensionWindow): Float32Array {
  const vector = new Float32Array(AUDIO_LEVELS_SIZE);
  let offset = 0;
  for (const level of AUDIO_LEVELS) {
    const values =
      level.name === 'probs' ? window.probs : level.name === 'features' ? window.features : window.extra?.[level.name];
    if (!values || values.length !== level.dim)
      throw new Error(`the encoder gave no ${level.dim}-d ${level.name} output (is it mn04_levels.onnx?)`);
    vector.set(values, offset);
    offset += level.dim;
  }
  return vector;
}

/** The windows the heads hear: those that end within HEARD_SECONDS (a file's first window always does). */
export function heardWindows<W extends { end: number }>(windows: readonly W[]): W[] {
  return windows.filter((window) => window.end <= HEARD_SECONDS);
}

/** A file's levels, as the heads are trained and served: the heard windows pooled (poolLevels). */
export function fileLevels(windows: readonly ExtensionWindow[]): Float32Array {
  if (windows.length === 0) throw new RangeError('a file without windows has no levels');
  return poolLevels(heardWindows(windows).map(windowLevels));
}

/** Mean over windows for activations, max for the AudioSet probabilities. */
export function poolLevels(windows: Float32Array[]): Float32Array {
  const pooled = new Float32Array(AUDIO_LEVELS_SIZE);
  const probsFrom = AUDIO_LEVELS_SIZE - CLASS_COUNT;
  for (const w of windows) {
    for (let i = 0; i < probsFrom; i++) pooled[i]! += w[i]! / windows.length;
    for (let i = probsFrom; i < AUDIO_LEVELS_SIZE; i++) pooled[i] = Math.max(pooled[i]!, w[i]!);
  }
  return pooled;
}
