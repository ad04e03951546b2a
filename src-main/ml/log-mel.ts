import { MEL_BANDS, N_FFT } from './efficientat';
import { kaldiMelBanks } from './kaldi-mel';
import { logNormalise } from './log-norm';
import { MelEnergies } from './mel-energies';
import { createRealFft } from './real-fft';

export { MIN_FRONTEND_SAMPLES } from './mel-energies';

/**
 * EfficientAT's eval-mode front-end on the CPU: 32 kHz mono samples -> normalised log-mel [128, T].
 * Mel energies come from TypeScript with a WebAssembly FFT (mel-energies.ts); ln(x + 1e-5), (x + 4.5) / 5 and the
 * transpose to band-major follow in log-norm.ts.
 * Checked against scripts/reference/efficientat_frontend_reference.py (torch) in test/ml/log-mel.test.ts.
 */
export interface LogMelFrontEnd {
  /** Frames produced for an input of `samples` samples. */
  frames(samples: number): number;
  /** Log-mel of one input, row-major [128, T]. */
  compute(samples: Float32Array): Promise<Float32Array>;
  /** Log-mel of `count` equal-length inputs laid end to end: [count, 1, 128, T], the encoder's input. */
  computeBatch(inputs: Float32Array, count: number): Promise<Float32Array>;
  /** 'simd' or 'scalar': which WebAssembly FFT build runs. */
  readonly fftFlavour: string;
  close(): Promise<void>;
}

export async function createLogMelFrontEnd(): Promise<LogMelFrontEnd> {
  const fft = await createRealFft(N_FFT);
  const energies = new MelEnergies(fft, kaldiMelBanks());
  return new CpuLogMel(energies, fft.flavour);
}

class CpuLogMel implements LogMelFrontEnd {
  constructor(
    private readonly energies: MelEnergies,
    readonly fftFlavour: string,
  ) {}

  frames(samples: number): number {
    return this.energies.frames(samples);
  }

  compute(samples: Float32Array): Promise<Float32Array> {
    return this.computeBatch(samples, 1);
  }

  async computeBatch(inputs: Float32Array, count: number): Promise<Float32Array> {
    const length = inputs.length / count;
    if (!Number.isInteger(length)) throw new RangeError(`${inputs.length} samples do not split into ${count} equal inputs`);
    const frames = this.frames(length);
    const mel = new Float32Array(count * frames * MEL_BANDS);
    for (let i = 0; i < count; i++) this.energies.computeInto(inputs.subarray(i * length, (i + 1) * length), mel, i * frames * MEL_BANDS);
    return logNormalise(mel, count, frames);
  }

  async close(): Promise<void> {}
}
