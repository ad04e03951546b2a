import { DecodeError } from './decode-error';

// Which sample rates Hark decodes, and how a rate that is not a whole number of hertz is resampled.

/**
 * The fastest rate Hark decodes. Ultrasound recorders (bat detectors) sample at up to 1 MHz; beyond this a header
 * is damaged or hostile, and resampling it to 32 kHz would need a filter table of gigabytes (its length grows with
 * the rate ratio). Such files are refused before anything is allocated.
 */
export const MAX_SAMPLE_RATE = 2_000_000;

/** Throws a DecodeError, with a reason for people, for a rate Hark cannot decode. */
export function assertDecodableRate(rate: number, path?: string): void {
  if (!Number.isFinite(rate) || rate <= 0) throw new DecodeError(`invalid sample rate: ${rate} Hz`, path);
  if (rate > MAX_SAMPLE_RATE) {
    throw new DecodeError(`unsupported sample rate: ${rate} Hz (Hark decodes up to ${MAX_SAMPLE_RATE} Hz)`, path);
  }
}

/** A rate as a fraction of whole numbers: `numerator / denominator` hertz. */
export interface RateFraction {
  numerator: number;
  denominator: number;
}

/** Largest denominator tried; the classic Mac rates need 11. */
const MAX_DENOMINATOR = 1000;
/** How far from the stated rate the fraction may lie: headers store such rates rounded to a few decimals. */
const TOLERANCE_HZ = 0.001;

/**
 * The rate as the simplest fraction within TOLERANCE_HZ of it. Whole rates are themselves. The classic Macintosh
 * rates are not: 22254.5454... Hz and 11127.2727... Hz are its 15.6672 MHz video clock divided by 704 and 1408,
 * i.e. exactly 244800/11 and 122400/11, and AIFF headers store them rounded (22254.5454 or to the 80-bit float's
 * precision). Taking the fraction with the smallest denominator that lies within a thousandth of a hertz of the
 * stated rate recovers those exact values, so the resampler converts by the true ratio (32000 / (244800/11) =
 * 220/153) and a long file neither drifts nor needs thousands of filter phases. Every rate has such a fraction
 * (thousandths always qualify); for noise in a damaged header it has a large denominator, and the resampler's
 * table then rounds to the nearest of its MAX_PHASES phases (resample-filter.ts).
 */
export function rateFraction(rate: number): RateFraction {
  if (Number.isInteger(rate)) return { numerator: rate, denominator: 1 };
  for (let denominator = 1; denominator <= MAX_DENOMINATOR; denominator++) {
    const numerator = Math.round(rate * denominator);
    if (numerator > 0 && Math.abs(numerator / denominator - rate) <= TOLERANCE_HZ) return { numerator, denominator };
  }
  return { numerator: Math.max(1, Math.round(rate)), denominator: 1 }; // below 1/1000 Hz: no real rate
}
