import { frameCount, HOP_LENGTH, N_FFT, PREEMPHASIS, WIN_LENGTH } from './efficientat';
import { melByBin, type MelBanks, type MelByBin } from './kaldi-mel';
import type { RealFft } from './real-fft';

/** Reflect padding needs more samples than the pad: torch.stft refuses shorter inputs too. */
export const MIN_FRONTEND_SAMPLES = N_FFT / 2 + 2;

const HALF = N_FFT / 2;
const WINDOW_OFFSET = (N_FFT - WIN_LENGTH) / 2;

/**
 * The FFT half of EfficientAT's front-end, in TypeScript: 32 kHz samples -> mel band energies, frame by frame.
 *   pre-emphasis y[n] = x[n+1] - 0.97 x[n]; reflect-pad n_fft/2 on both sides (torch.stft center=True);
 *   frames of 1024 every 320 samples with Hann(800, periodic=False) centred in them; |FFT|^2; Kaldi mel bands.
 * Output [T, bands] row-major (sequential writes); log, normalisation and the transpose to [bands, T] run
 * vectorised in ONNX Runtime afterwards (log-mel.ts).
 */
export class MelEnergies {
  private readonly window = symmetricHann(WIN_LENGTH);
  private readonly byBin: MelByBin;
  /** One frame's band energies, plus two scratch slots for bins outside every band. */
  private readonly energy: Float64Array;
  private padded = new Float32Array(0);

  constructor(
    private readonly fft: RealFft,
    private readonly banks: MelBanks,
  ) {
    this.byBin = melByBin(banks);
    this.energy = new Float64Array(banks.bands + 2);
  }

  /** Frames for `samples` input samples: 1 + (samples - 1) // 320 (pre-emphasis drops one sample). */
  frames(samples: number): number {
    return frameCount(samples);
  }

  /** Writes frames(samples.length) x bands energies into `out` from `offset`. */
  computeInto(samples: Float32Array, out: Float32Array, offset: number): void {
    if (samples.length < MIN_FRONTEND_SAMPLES) {
      throw new RangeError(`The log-mel front-end needs at least ${MIN_FRONTEND_SAMPLES} samples, got ${samples.length}`);
    }
    const length = samples.length - 1;
    if (this.padded.length < length + N_FFT) this.padded = new Float32Array(length + N_FFT);
    preemphasise(samples, this.padded);
    reflectEdges(this.padded, length);
    // One call per frame rather than one long loop nest: V8 then optimises the per-frame code with full type
    // feedback instead of on-stack-replacing a half-warmed loop, which measured several times slower.
    for (let frame = 0, frames = this.frames(samples.length); frame < frames; frame++) {
      this.frameInto(frame, out, offset + frame * this.banks.bands);
    }
  }

  /** Window, FFT, power and mel bands of one frame, into out[row .. row + bands). */
  private frameInto(frame: number, out: Float32Array, row: number): void {
    const { input, output } = this.fft;
    const { window, energy, padded } = this;
    const { lowBand, lowWeight, highWeight } = this.byBin;
    const { maxBin, bands } = this.banks;
    // The FFT input keeps zeros outside the centred 800-sample window: only the middle is rewritten per frame.
    const start = frame * HOP_LENGTH + WINDOW_OFFSET;
    for (let i = 0; i < WIN_LENGTH; i++) input[WINDOW_OFFSET + i] = padded[start + i] * window[i];
    this.fft.transform();
    energy.fill(0);
    // Bin 0 (DC) is real and sits apart in PFFFT's layout; output[1] is the Nyquist bin, which no band uses.
    const dc = output[0] * output[0];
    energy[lowBand[0]] += lowWeight[0] * dc;
    energy[lowBand[0] + 1] += highWeight[0] * dc;
    for (let bin = 1; bin <= maxBin; bin++) {
      const re = output[2 * bin];
      const im = output[2 * bin + 1];
      const power = re * re + im * im;
      const band = lowBand[bin];
      energy[band] += lowWeight[bin] * power;
      energy[band + 1] += highWeight[bin] * power;
    }
    for (let band = 0; band < bands; band++) out[row + band] = energy[band];
  }
}

/** y[n] = x[n+1] - 0.97 x[n], written from index n_fft/2 of `padded`. */
function preemphasise(samples: Float32Array, padded: Float32Array): void {
  for (let n = 0, length = samples.length - 1; n < length; n++) padded[HALF + n] = samples[n + 1] - PREEMPHASIS * samples[n];
}

/** torch 'reflect' padding of n_fft/2 on each side of the `length` samples (the edge sample is not repeated). */
function reflectEdges(padded: Float32Array, length: number): void {
  for (let i = 1; i <= HALF; i++) {
    padded[HALF - i] = padded[HALF + i];
    padded[HALF + length - 1 + i] = padded[HALF + length - 1 - i];
  }
}

/** torch.hann_window(n, periodic=False): 0.5 - 0.5 cos(2 pi i / (n - 1)). */
function symmetricHann(length: number): Float32Array {
  const window = new Float32Array(length);
  for (let i = 0; i < length; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (length - 1));
  return window;
}
