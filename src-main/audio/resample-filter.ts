// Filter design for the polyphase resampler: a Kaiser-windowed sinc, tabulated once per rate pair as one row of
// taps per phase, so that resampling itself is nothing but dot products.
//
// Two qualities, both described relative to L = the lower of the two Nyquist frequencies:
// - 'transparent': flat (< 0.01 dB) to 0.875 L, at least 90 dB down from L. Nothing audible lost or folded.
// - 'analysis': what a tagger looking at 0 .. 15/16 of the output band needs (EfficientAT at 32 kHz: mel bands to
//   15 kHz). Downsampling, a tone at f folds to (output rate - f), so only what lies above (2 - 15/16) L = 17 kHz
//   at 32 kHz must be stopped: the transition band may run from 14 to 17 kHz instead of 14 to 16 kHz, and ~75 dB
//   is plenty for a tagger. Cutoff, beta and length were tuned on the 44.1 -> 32 kHz prototype's response:
//   0.03 dB down at 14 kHz, 75.6 dB down from 17 kHz, 64 taps (half the transparent filter's 128).
//   Upsampling (22.05 kHz -> 32 kHz), images of the source band land right above L, so the stop band starts at L.

export type ResampleQuality = 'transparent' | 'analysis';

interface Design {
  /** -6 dB point, as a fraction of L. */
  cutoff: number;
  /** Nominal transition width for Kaiser's length formula, as a fraction of L. */
  transition: number;
  /** Kaiser's attenuation parameter A in dB: sets beta and, with the transition, the length. */
  attenuationDb: number;
}

const DESIGNS: Record<ResampleQuality, { down: Design; up: Design }> = {
  transparent: {
    down: { cutoff: 0.9375, transition: 0.125, attenuationDb: 90 },
    up: { cutoff: 0.9375, transition: 0.125, attenuationDb: 90 },
  },
  analysis: {
    down: { cutoff: 0.9625, transition: 0.2, attenuationDb: 74.5 },
    up: { cutoff: 0.9375, transition: 0.125, attenuationDb: 74.5 },
  },
};

/** Taps are a multiple of this: the SIMD kernel takes eight per step. */
export const TAP_MULTIPLE = 8;
/** Exact polyphase tables up to this many phases; rarer ratios (44.1 -> 44.056 kHz) round to the nearest phase. */
export const MAX_PHASES = 4096;

export interface PolyphaseFilter {
  /** Taps per output sample, a multiple of TAP_MULTIPLE. */
  taps: number;
  /** Rows of `taps` coefficients, one per phase, plus one row for phase 1.0. Row p serves position + p / phases. */
  table: Float32Array;
  phases: number;
}

const cache = new Map<string, PolyphaseFilter>();

/** The table for resampling fromRate -> toRate, where `up` = toRate / gcd (the number of distinct phases). */
export function polyphaseFilter(
  fromRate: number,
  toRate: number,
  up: number,
  quality: ResampleQuality,
): PolyphaseFilter {
  const key = `${fromRate}:${toRate}:${quality}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const design = DESIGNS[quality][toRate < fromRate ? 'down' : 'up'];
  const lowerNyquist = Math.min(fromRate, toRate) / 2;
  const transitionHz = design.transition * lowerNyquist;
  // Kaiser: length N = (A - 7.95) / (14.36 * df / fs), beta = 0.1102 (A - 8.7) for A > 50 dB.
  const length = Math.ceil((design.attenuationDb - 7.95) / ((14.36 * transitionHz) / fromRate));
  const taps = TAP_MULTIPLE * Math.ceil(length / TAP_MULTIPLE);
  const half = taps / 2;
  const beta = 0.1102 * (design.attenuationDb - 8.7);
  const phases = Math.min(up, MAX_PHASES);
  const table = new Float32Array((phases + 1) * taps);
  const normCutoff = (design.cutoff * lowerNyquist) / fromRate; // cycles per input sample
  const i0Beta = besselI0(beta);
  for (let p = 0; p <= phases; p++) {
    const fraction = p / phases;
    let sum = 0;
    for (let j = 0; j < taps; j++) {
      const distance = fraction + half - 1 - j; // output position minus input position, in input samples
      const x = distance / half;
      const window = Math.abs(x) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - x * x)) / i0Beta;
      const value = 2 * normCutoff * sinc(2 * normCutoff * distance) * window;
      table[p * taps + j] = value;
      sum += value;
    }
    // Unit gain at DC for every phase, so a constant stays a constant.
    for (let j = 0; j < taps; j++) table[p * taps + j]! /= sum;
  }
  const filter = { taps, table, phases };
  cache.set(key, filter);
  return filter;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

function besselI0(x: number): number {
  // Power series; converges fast for the beta values used here (< 15).
  let sum = 1;
  let term = 1;
  const quarterSquare = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= quarterSquare / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}
