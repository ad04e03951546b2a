// Stored peaks are interleaved (min, max) pairs. The renderer draws from them and never decodes audio itself.
import type { Peaks } from '../../src-main/api/contract';

export interface PeakColumns {
  min: Float32Array;
  max: Float32Array;
}

/**
 * Reduces interleaved min/max pairs to `columns` columns (e.g. one per pixel of a mini waveform), each keeping
 * the extreme min and max of the pairs it covers so short transients stay visible.
 */
export function peakColumns(data: readonly number[], columns: number): PeakColumns {
  const count = Math.max(0, Math.floor(columns));
  const min = new Float32Array(count);
  const max = new Float32Array(count);
  const pairs = Math.floor(data.length / 2);
  if (pairs === 0 || count === 0) return { min, max };
  for (let c = 0; c < count; c++) {
    // Columns may be more than pairs (a very short sound): then neighbouring columns repeat a pair.
    const from = Math.floor((c * pairs) / count);
    const to = Math.max(from + 1, Math.floor(((c + 1) * pairs) / count));
    let lo = Infinity;
    let hi = -Infinity;
    for (let p = from; p < to; p++) {
      const a = data[2 * p]!;
      const b = data[2 * p + 1]!;
      lo = Math.min(lo, a, b);
      hi = Math.max(hi, a, b);
    }
    min[c] = Math.max(-1, lo);
    max[c] = Math.min(1, hi);
  }
  return { min, max };
}

/**
 * wavesurfer.js draws channel 0 above the centre line and channel 1 below it: giving it the maxima and the
 * minima as two "channels" reproduces the true asymmetric envelope without decoding.
 */
export function toWaveSurferPeaks(peaks: Peaks): [Float32Array, Float32Array] {
  const pairs = Math.floor(peaks.data.length / 2);
  const top = new Float32Array(pairs);
  const bottom = new Float32Array(pairs);
  for (let p = 0; p < pairs; p++) {
    const a = peaks.data[2 * p]!;
    const b = peaks.data[2 * p + 1]!;
    top[p] = Math.max(a, b);
    bottom[p] = Math.min(a, b);
  }
  return [top, bottom];
}

/** Largest absolute value, so quiet files can be drawn scaled up (the list is for shape, not level). */
export function peakLevel(columns: PeakColumns): number {
  let level = 0;
  for (const value of columns.min) level = Math.max(level, Math.abs(value));
  for (const value of columns.max) level = Math.max(level, Math.abs(value));
  return level;
}
