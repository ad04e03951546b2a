// Loop or one-shot? A loop is made to play end-into-start without a seam. A steady loop (drone, room tone) ends
// sounding like it starts: same level, same spectrum. A rhythmic loop (a drum bar) may end on a decaying hit and
// start on an attack, but that step is one the loop makes inside itself too. Either way the waveform does not jump
// where the end wraps to the start, and the end has not faded away. A one-shot starts with an attack and decays (or
// fades) towards silence: its wrap would be a step like nothing inside it.
import { bandLevelsDb, type SpectrumAnalyser } from './caption-spectrum';

export interface LoopEvidence {
  /** RMS of the first and last edge windows, dBFS. */
  headDb: number;
  tailDb: number;
  /** RMS of the whole file, dBFS. */
  bodyDb: number;
  /** Mean absolute difference of the edge windows' third-octave levels, dB, over the bands that carry sound. */
  spectralDifferenceDb: number;
  /** |first sample - last sample| over the RMS of sample-to-sample steps near the edges. */
  wrapJump: number;
  /** Level step from the last 50 ms block to the first, and the largest rise between neighbouring blocks inside. */
  wrapStepDb: number;
  largestRiseDb: number;
}

export interface LoopVerdict {
  loop: boolean;
  /** Fraction of the tests passed (edges audible, no fade, timbre continues, no click at the wrap). */
  score: number;
  evidence: LoopEvidence | null;
}

/** Below this a file is a one-shot whatever its edges say: too short to be heard as a repeating loop. */
export const MIN_LOOP_SECONDS = 0.25;
const EDGE_SECONDS = 0.25;
const AUDIBLE_DB = -60;
const MAX_EDGE_DROP_DB = 12;
const MAX_LEVEL_MISMATCH_DB = 3;
const MAX_SPECTRAL_DIFFERENCE_DB = 6;
const MAX_WRAP_JUMP = 4;
// An onset inside the file may straddle two envelope blocks and read smaller than the same onset at the wrap.
const STEP_MARGIN_DB = 6;
/** Level envelope resolution for the seam test. */
export const ENVELOPE_SECONDS = 0.05;

/**
 * `head`: the first samples of the mono mixdown, `tail`: the last ones (each at least EDGE_SECONDS when the file is
 * that long; they may overlap in short files). `bodyRms`: RMS of the whole mixdown. `envelopeDb`: RMS level of
 * each ENVELOPE_SECONDS block of the mixdown, in order.
 */
export function judgeLoop(
  head: Float32Array,
  tail: Float32Array,
  bodyRms: number,
  sampleRate: number,
  duration: number,
  envelopeDb: readonly number[],
  analyser: SpectrumAnalyser,
): LoopVerdict {
  if (duration < MIN_LOOP_SECONDS || head.length === 0 || tail.length === 0)
    return { loop: false, score: 0, evidence: null };
  const edge = Math.max(
    1,
    Math.min(Math.round(EDGE_SECONDS * sampleRate), Math.floor(head.length), Math.floor((duration * sampleRate) / 4)),
  );
  const first = head.subarray(0, edge);
  const last = tail.subarray(tail.length - Math.min(edge, tail.length));

  const headDb = rmsDb(first);
  const tailDb = rmsDb(last);
  const bodyDb = toDb(bodyRms);
  const spectralDifferenceDb = spectralDifference(
    bandLevelsDb(analyser, first, sampleRate),
    bandLevelsDb(analyser, last, sampleRate),
  );
  const wrapJump = wrapDiscontinuity(first, last, sampleRate);

  const { wrapStepDb, largestRiseDb } = seam(envelopeDb);

  const steady =
    Math.abs(headDb - tailDb) <= MAX_LEVEL_MISMATCH_DB && spectralDifferenceDb <= MAX_SPECTRAL_DIFFERENCE_DB;
  const rhythmic = wrapStepDb <= Math.max(largestRiseDb, 0) + STEP_MARGIN_DB;
  const tests = [
    headDb > AUDIBLE_DB && tailDb > AUDIBLE_DB,
    bodyDb - headDb < MAX_EDGE_DROP_DB && bodyDb - tailDb < MAX_EDGE_DROP_DB,
    steady || rhythmic,
    wrapJump <= MAX_WRAP_JUMP,
  ];
  const passed = tests.filter(Boolean).length;
  return {
    loop: passed === tests.length,
    score: passed / tests.length,
    evidence: { headDb, tailDb, bodyDb, spectralDifferenceDb, wrapJump, wrapStepDb, largestRiseDb },
  };
}

/** The level step at the wrap (last block -> first block) against the largest rise from one block to the next. */
function seam(envelopeDb: readonly number[]): { wrapStepDb: number; largestRiseDb: number } {
  if (envelopeDb.length < 2) return { wrapStepDb: 0, largestRiseDb: 0 };
  let largestRiseDb = -Infinity;
  for (let i = 1; i < envelopeDb.length; i++)
    largestRiseDb = Math.max(largestRiseDb, envelopeDb[i]! - envelopeDb[i - 1]!);
  return { wrapStepDb: envelopeDb[0]! - envelopeDb[envelopeDb.length - 1]!, largestRiseDb };
}

function rmsDb(samples: Float32Array): number {
  let sum = 0;
  for (const x of samples) sum += x * x;
  return toDb(Math.sqrt(sum / Math.max(1, samples.length)));
}

export function toDb(amplitude: number): number {
  return 20 * Math.log10(Math.max(amplitude, 1e-10));
}

/** Compares only bands within 50 dB of the loudest band of either edge: below that is noise floor. */
function spectralDifference(a: number[], b: number[]): number {
  const loudest = Math.max(...a, ...b);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    if (Math.max(a[i]!, b[i]!) < loudest - 50) continue;
    sum += Math.abs(a[i]! - b[i]!);
    count++;
  }
  return count ? sum / count : 0;
}

/**
 * The step from the last sample to the first, measured against the typical step between neighbouring samples at
 * the edges (10 ms each side). A seamless loop's wrap is an ordinary step; a cut mid-cycle is a click.
 */
function wrapDiscontinuity(first: Float32Array, last: Float32Array, sampleRate: number): number {
  const span = Math.max(2, Math.round(sampleRate * 0.01));
  let sum = 0;
  let count = 0;
  const addSteps = (samples: Float32Array) => {
    for (let i = 1; i < samples.length; i++) {
      const step = samples[i]! - samples[i - 1]!;
      sum += step * step;
      count++;
    }
  };
  addSteps(first.subarray(0, span));
  addSteps(last.subarray(Math.max(0, last.length - span)));
  const typical = Math.sqrt(sum / Math.max(1, count));
  const jump = Math.abs(first[0]! - last[last.length - 1]!);
  return jump / Math.max(typical, 1e-6);
}
