// Multi-level audio vectors for the trained heads: mn04 with extra graph outputs (training/surgery.py writes
// <modelsDir>/hark-heads/mn04_levels.onnx from the installed mn04). Per 10 s window it returns the global average
// of activations at three depths, the 384-d embedding, the classifier's 512-d hidden layer and the 527 AudioSet
// probabilities; per file, their mean over windows (probabilities: max over windows, as the label bridge uses).
// The tagger runs it (tagger.ts `levelsModelPath`), for the analysis pass and for training/extract-audio.ts alike.

import type * as ort from 'onnxruntime-node';
import { CLASS_COUNT } from '../efficientat';

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

/**
 * One window's levels from a run of mn04_levels.onnx (row `row` of the batch), concatenated in AUDIO_LEVELS order;
 * `probs`: that window's AudioSet probabilities, which the tagger has already computed from the logits.
 */
export function windowLevels(out: ort.InferenceSession.OnnxValueMapType, row: number, probs: Float32Array): Float32Array {
  const vector = new Float32Array(AUDIO_LEVELS_SIZE);
  let offset = 0;
  for (const level of AUDIO_LEVELS) {
    vector.set(level.name === 'probs' ? probs : (out[level.name]!.data as Float32Array).subarray(row * level.dim, (row + 1) * level.dim), offset);
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
