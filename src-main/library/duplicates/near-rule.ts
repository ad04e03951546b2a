// When two analysed files are the same sound re-encoded, trimmed or re-levelled. Chosen by measuring copies of
// Debian sonic-pi samples against different sounds of the same pack (scripts/duplicate-thresholds.mjs; the numbers
// are in docs/DUPLICATES.md): pooled features alone could not tell a kick from its level-changed copy better than
// from another kick (0.974 vs 0.963), so the amplitude envelope, which a copy keeps whatever its level, decides too.

/** Cosine of pooled audio features: copies measured >= 0.963, the closest different sound in duration 0.974. */
export const MIN_COSINE = 0.95;
/** Envelope correlation: copies measured >= 0.9967; different sounds of like length at most 0.9797. */
export const MIN_ENVELOPE = 0.99;
/** Durations: a trimmed copy is shorter; copies measured differed by at most 0.02 s. */
export const DURATION_TOLERANCE_S = 0.05;
export const DURATION_TOLERANCE_RATIO = 0.1;
/** Loudness, where `hark caption` measured both: a level change is a near duplicate (copies differed by up to 6.06 dB). */
export const MAX_LOUDNESS_DIFFERENCE_DB = 12;

export interface NearSignals {
  duration: number;
  /** Unit length. */
  features: Float32Array;
  /** Peak-to-peak amplitude per slice, `rate` slices a second. */
  envelope: Float32Array;
  rate: number;
  loudnessLufs: number | null;
}

export function durationTolerance(duration: number): number {
  return Math.max(DURATION_TOLERANCE_S, DURATION_TOLERANCE_RATIO * duration);
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length && i < b.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** The cosine when the pair is a near duplicate, else null. */
export function nearMatch(a: NearSignals, b: NearSignals): number | null {
  const apart = Math.abs(a.duration - b.duration);
  if (apart > durationTolerance(Math.max(a.duration, b.duration))) return null;
  if (a.loudnessLufs !== null && b.loudnessLufs !== null) {
    if (Math.abs(a.loudnessLufs - b.loudnessLufs) > MAX_LOUDNESS_DIFFERENCE_DB) return null;
  }
  const similarity = cosine(a.features, b.features);
  if (similarity < MIN_COSINE) return null;
  // A copy trimmed at the start is shifted by up to the length it lost: look that far either way.
  if (envelopeMatch(a, b, apart + 0.01) < MIN_ENVELOPE) return null;
  return similarity;
}

/**
 * The best Pearson correlation of the two envelopes over shifts of up to `maxShift` seconds. Correlation ignores
 * level, so a quieter copy matches; a different sound of the same length and kind has another shape. Envelopes of
 * different slice rates (long files get fewer slices) are compared on the coarser grid, the finer one pooled to it
 * by its peak as the waveform peaks themselves are.
 */
export function envelopeMatch(a: NearSignals, b: NearSignals, maxShift: number): number {
  const [coarse, fine] = a.rate <= b.rate ? [a, b] : [b, a];
  const x = coarse.envelope;
  const y = fine.rate === coarse.rate ? fine.envelope : pool(fine.envelope, coarse.rate / fine.rate);
  const steps = Math.max(1, Math.ceil(maxShift * coarse.rate));
  let best = -1;
  for (let shift = -steps; shift <= steps; shift++) best = Math.max(best, correlation(x, y, shift));
  return best;
}

/** Each run of slices that falls in one slice of the coarser grid, by its largest value. */
function pool(envelope: Float32Array, ratio: number): Float32Array {
  const out = new Float32Array(Math.ceil(envelope.length * ratio));
  envelope.forEach((value, j) => {
    const k = Math.floor(j * ratio);
    out[k] = Math.max(out[k]!, value);
  });
  return out;
}

/** Pearson correlation of x[i] with y[i + shift] where both exist; -1 when fewer than 3 slices overlap. */
function correlation(x: Float32Array, y: Float32Array, shift: number): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = Math.max(0, -shift); i < x.length && i + shift < y.length; i++) {
    const u = x[i]!;
    const v = y[i + shift]!;
    n++;
    sx += u;
    sy += v;
    sxx += u * u;
    syy += v * v;
    sxy += u * v;
  }
  if (n < 3) return -1;
  const vx = sxx - (sx * sx) / n;
  const vy = syy - (sy * sy) / n;
  return vx > 0 && vy > 0 ? (sxy - (sx * sy) / n) / Math.sqrt(vx * vy) : 0;
}
