import { SAMPLE_RATE, WINDOW_HOP_SAMPLES, WINDOW_SAMPLES } from './efficientat';

/** A stretch of the input the encoder sees as one 10 s window: samples [start, end), end clipped to the input. */
export interface WindowSpan {
  start: number;
  end: number;
}

/**
 * Where the 10 s windows of an input of `length` samples go.
 * - Up to 10 s: one window, later zero-padded to the full 10 s (measured better than running short clips at
 *   native length: mAP@10 0.160 vs 0.124, see shared/measured.md).
 * - Longer: windows every 5 s (50% overlap) while they fit; if the last one stops short of the end, one more
 *   window aligned to the end, so the tail is heard by a full window of real audio rather than mostly padding.
 */
export function windowSpans(length: number, size = WINDOW_SAMPLES, hop = WINDOW_HOP_SAMPLES): WindowSpan[] {
  if (length <= 0) return [];
  if (length <= size) return [{ start: 0, end: length }];
  const spans: WindowSpan[] = [];
  for (let start = 0; start + size <= length; start += hop) spans.push({ start, end: start + size });
  const last = spans.at(-1);
  if (last === undefined || last.end < length) spans.push({ start: length - size, end: length });
  return spans;
}

/** Copies one window into `out` (length = window size), zero-filling what the input lacks. */
export function fillWindow(samples: Float32Array, span: WindowSpan, out: Float32Array): void {
  const part = samples.subarray(span.start, Math.min(span.end, span.start + out.length));
  out.set(part);
  out.fill(0, part.length);
}

export const spanSeconds = (span: WindowSpan) => ({ start: span.start / SAMPLE_RATE, end: span.end / SAMPLE_RATE });

/** A window of stored per-window tag probabilities (seconds). */
export interface TaggedWindow {
  start: number;
  end: number;
  probs: Float32Array;
}

/**
 * Where in a long file the given classes are heard most: the window maximising sum_c weight_c * p_c. Null for files
 * with fewer than two windows (nothing to choose) or no classes.
 */
export function bestWindow(
  windows: readonly TaggedWindow[],
  classes: readonly { classIndex: number; weight: number }[],
): { start: number; end: number; score: number } | null {
  if (windows.length < 2 || classes.length === 0) return null;
  let best: { start: number; end: number; score: number } | null = null;
  for (const window of windows) {
    let score = 0;
    for (const c of classes) score += c.weight * (window.probs[c.classIndex] ?? 0);
    if (!best || score > best.score) best = { start: window.start, end: window.end, score };
  }
  return best;
}
