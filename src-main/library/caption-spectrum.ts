// Magnitude spectra of short frames, for the caption's brightness (spectral centroid) and loop test (do the
// start and the end of a file sound alike?).
import { createRealFft, type RealFft } from '../ml/real-fft';

export const FRAME = 2048;

export interface SpectrumAnalyser {
  readonly size: number;
  /** |X_k| for k = 0..size/2 of the Hann-windowed frame samples[offset, offset + size). Reused between calls. */
  magnitudes(samples: Float32Array, offset?: number): Float32Array;
}

let shared: Promise<SpectrumAnalyser> | null = null;

/** One analyser per process: its FFT is used synchronously, so interleaved async callers cannot clash. */
export function spectrumAnalyser(): Promise<SpectrumAnalyser> {
  shared ??= createRealFft(FRAME).then(wrap);
  return shared;
}

function wrap(fft: RealFft): SpectrumAnalyser {
  const n = fft.size;
  const window = new Float32Array(n);
  for (let i = 0; i < n; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  const out = new Float32Array(n / 2 + 1);
  return {
    size: n,
    magnitudes(samples, offset = 0) {
      for (let i = 0; i < n; i++) fft.input[i] = (samples[offset + i] ?? 0) * window[i]!;
      fft.transform();
      const o = fft.output;
      // PFFFT's ordered layout: [X0.re, X(n/2).re, X1.re, X1.im, X2.re, X2.im, ...].
      out[0] = Math.abs(o[0]!);
      out[n / 2] = Math.abs(o[1]!);
      for (let k = 1; k < n / 2; k++) out[k] = Math.hypot(o[2 * k]!, o[2 * k + 1]!);
      return out;
    },
  };
}

/** Running spectral centroid: sum of f * |X(f)| over sum of |X(f)|, over every frame added. DC is left out. */
export class CentroidAccumulator {
  private weighted = 0;
  private total = 0;

  constructor(
    private readonly analyser: SpectrumAnalyser,
    private readonly sampleRate: number,
  ) {}

  addFrame(samples: Float32Array, offset = 0): void {
    const mags = this.analyser.magnitudes(samples, offset);
    const binHz = this.sampleRate / this.analyser.size;
    for (let k = 1; k < mags.length; k++) {
      this.weighted += k * binHz * mags[k]!;
      this.total += mags[k]!;
    }
  }

  /** Null when nothing but silence was added. */
  centroid(): number | null {
    return this.total > 1e-9 ? this.weighted / this.total : null;
  }
}

/**
 * Power in third-octave bands from 50 Hz up to the Nyquist frequency (capped at 20 kHz), in dB, averaged over the
 * frames of `samples`. Band levels compare two sounds' timbre without caring about exact bins.
 */
export function bandLevelsDb(analyser: SpectrumAnalyser, samples: Float32Array, sampleRate: number): number[] {
  const n = analyser.size;
  const binHz = sampleRate / n;
  const top = Math.min(20_000, sampleRate / 2);
  const edges: number[] = [];
  for (let f = 50; f < top; f *= 2 ** (1 / 3)) edges.push(f);
  edges.push(top);
  const power = new Float64Array(edges.length - 1);
  // Short edge segments still get one (zero-padded) frame.
  const hop = n / 2;
  let frames = 0;
  for (let offset = 0; offset === 0 || offset + n <= samples.length; offset += hop) {
    const mags = analyser.magnitudes(samples, offset);
    for (let b = 0; b < power.length; b++) {
      const from = Math.max(1, Math.ceil(edges[b]! / binHz));
      const to = Math.min(n / 2, Math.floor(edges[b + 1]! / binHz));
      for (let k = from; k <= to; k++) power[b]! += mags[k]! * mags[k]!;
    }
    frames++;
  }
  return Array.from(power, (p) => 10 * Math.log10(p / frames + 1e-20));
}
