import { frameCount, HOP_LENGTH, MEL_BANDS, N_FFT, WIN_LENGTH } from './efficientat';
import { kaldiMelBanks, type MelBanks } from './kaldi-mel';
import { KERNEL_WASM_BASE64 } from './log-mel-kernel.generated';
import { loadPffft, PFFFT_REAL, type Pffft } from './pffft';

/** Reflect padding needs more samples than the pad: torch.stft refuses shorter inputs too. */
export const MIN_FRONTEND_SAMPLES = N_FFT / 2 + 2;

const HALF = N_FFT / 2;
const WINDOW_OFFSET = (N_FFT - WIN_LENGTH) / 2;
const FLOAT = 4;

/**
 * EfficientAT's eval-mode front-end on the CPU: 32 kHz mono samples -> normalised log-mel [128, T].
 *   pre-emphasis y[n] = x[n+1] - 0.97 x[n]; reflect-pad n_fft/2 on both sides (torch.stft center=True);
 *   frames of 1024 every 320 samples with Hann(800, periodic=False) centred in them; |FFT|^2; Kaldi mel bands;
 *   (ln(x + 1e-5) + 4.5) / 5, band-major.
 * The arithmetic runs in log-mel-kernel.wat (WebAssembly SIMD) around PFFFT's FFT, in PFFFT's own memory; this
 * class owns the buffers there and does the reflect padding.
 * Checked against scripts/reference/efficientat_frontend_reference.py (torch) in test/ml/log-mel.test.ts.
 */
export interface LogMelFrontEnd {
  /** Frames produced for an input of `samples` samples. */
  frames(samples: number): number;
  /** Log-mel of one input, row-major [128, T]. */
  compute(samples: Float32Array): Promise<Float32Array>;
  /** Log-mel of `count` equal-length inputs laid end to end: [count, 1, 128, T], the encoder's input. */
  computeBatch(inputs: Float32Array, count: number): Promise<Float32Array>;
  close(): Promise<void>;
}

interface Kernel {
  preemphasise(src: number, dst: number, count: number): void;
  melEnergies(
    signal: number,
    frames: number,
    hopBytes: number,
    window: number,
    windowStart: number,
    windowBytes: number,
    setup: number,
    fftIn: number,
    fftOut: number,
    work: number,
    power: number,
    powerBins: number,
    mel: number,
    bands: number,
    out: number,
    stride: number,
  ): void;
  logNormalise(at: number, count: number): void;
}

export async function createLogMelFrontEnd(): Promise<LogMelFrontEnd> {
  const pffft = await loadPffft();
  if (pffft.flavour !== 'simd')
    throw new Error('The log-mel front-end needs WebAssembly SIMD (Node 16.4+ or Electron 14+)');
  const { module } = pffft;
  const imports = { env: { memory: pffft.memory }, pffft: { transform: module._pffft_transform_ordered } };
  const { instance } = await WebAssembly.instantiate(Buffer.from(KERNEL_WASM_BASE64, 'base64'), imports);
  return new WasmLogMel(pffft, instance.exports as unknown as Kernel, kaldiMelBanks());
}

/** A block of PFFFT's memory that grows (by reallocation) when a longer input comes. */
class Block {
  pointer = 0;
  private floats = 0;
  constructor(private readonly pffft: Pffft) {}
  ensure(floats: number): number {
    if (floats > this.floats) {
      if (this.pointer) this.pffft.module._pffft_aligned_free(this.pointer);
      this.pointer = this.pffft.module._pffft_aligned_malloc(floats * FLOAT);
      if (!this.pointer) throw new RangeError(`cannot allocate ${floats * FLOAT} bytes for the log-mel front-end`);
      this.floats = floats;
    }
    return this.pointer;
  }
  /** A view made afresh: an allocation elsewhere may have grown (and so replaced) the memory's buffer. */
  view(floats: number, at = 0): Float32Array {
    return new Float32Array(this.pffft.memory.buffer, this.pointer + at * FLOAT, floats);
  }
}

class WasmLogMel implements LogMelFrontEnd {
  private readonly setup: number;
  private readonly window: Block;
  private readonly fftIn: Block;
  private readonly fftOut: Block;
  private readonly work: Block;
  private readonly power: Block;
  private readonly mel: Block;
  private readonly powerBins: number;
  private readonly samples: Block;
  private readonly padded: Block;
  private readonly out: Block;

  constructor(
    private readonly pffft: Pffft,
    private readonly kernel: Kernel,
    private readonly banks: MelBanks,
  ) {
    const block = (floats: number) => {
      const b = new Block(pffft);
      b.ensure(floats);
      return b;
    };
    this.setup = pffft.module._pffft_new_setup(N_FFT, PFFFT_REAL);
    if (!this.setup) throw new Error(`PFFFT cannot do a real FFT of size ${N_FFT}`);
    const table = melTable(banks);
    this.powerBins = table.powerBins;
    this.window = block(WIN_LENGTH);
    this.fftIn = block(N_FFT);
    this.fftOut = block(N_FFT);
    this.work = block(N_FFT);
    this.power = block(this.powerBins);
    this.mel = block(table.words.length);
    this.samples = new Block(pffft);
    this.padded = new Block(pffft);
    this.out = new Block(pffft);
    this.window.view(WIN_LENGTH).set(symmetricHann(WIN_LENGTH));
    this.fftIn.view(N_FFT).fill(0);
    new Uint8Array(pffft.memory.buffer, this.mel.pointer, table.words.byteLength).set(
      new Uint8Array(table.words.buffer),
    );
  }

  frames(samples: number): number {
    return frameCount(samples);
  }

  compute(samples: Float32Array): Promise<Float32Array> {
    return this.computeBatch(samples, 1);
  }

  async computeBatch(inputs: Float32Array, count: number): Promise<Float32Array> {
    const length = inputs.length / count;
    if (!Number.isInteger(length))
      throw new RangeError(`${inputs.length} samples do not split into ${count} equal inputs`);
    if (length < MIN_FRONTEND_SAMPLES) {
      throw new RangeError(`The log-mel front-end needs at least ${MIN_FRONTEND_SAMPLES} samples, got ${length}`);
    }
    const frames = this.frames(length);
    const perInput = frames * MEL_BANDS;
    const emphasised = length - 1;
    const samples = this.samples.ensure(length);
    const padded = this.padded.ensure(emphasised + N_FFT);
    const out = this.out.ensure(count * perInput);
    for (let i = 0; i < count; i++) {
      this.samples.view(length).set(inputs.subarray(i * length, (i + 1) * length));
      this.kernel.preemphasise(samples, padded + HALF * FLOAT, emphasised);
      reflectEdges(this.padded.view(emphasised + N_FFT), emphasised);
      this.kernel.melEnergies(
        padded,
        frames,
        HOP_LENGTH * FLOAT,
        this.window.pointer,
        WINDOW_OFFSET * FLOAT,
        WIN_LENGTH * FLOAT,
        this.setup,
        this.fftIn.pointer,
        this.fftOut.pointer,
        this.work.pointer,
        this.power.pointer,
        this.powerBins,
        this.mel.pointer,
        this.banks.bands,
        out + i * perInput * FLOAT,
        frames * FLOAT,
      );
    }
    this.kernel.logNormalise(out, count * perInput);
    return this.out.view(count * perInput).slice();
  }

  async close(): Promise<void> {}
}

/**
 * The mel filters as the kernel reads them, per band: the byte offset of its first bin in the power buffer, its
 * count of 4-weight groups, then the weights padded with zeros to whole groups (so groups may read a few bins past
 * a band's end: `powerBins` covers them).
 */
function melTable(banks: MelBanks): { words: Int32Array; powerBins: number } {
  const words: number[] = [];
  const asBits = new Float32Array(1);
  const bits = new Int32Array(asBits.buffer);
  let powerBins = 0;
  for (let band = 0; band < banks.bands; band++) {
    const start = banks.offsets[band];
    const end = banks.offsets[band + 1];
    const firstBin = banks.firstBin[band];
    if (start === undefined || end === undefined || firstBin === undefined || end > banks.weights.length) {
      throw new RangeError(`mel banks: band ${band} of ${banks.bands} lacks its offsets, first bin or weights`);
    }
    const weights = banks.weights.subarray(start, end);
    const groups = Math.ceil(weights.length / 4);
    words.push(firstBin * FLOAT, groups);
    for (let w = 0; w < groups * 4; w++) {
      asBits[0] = weights[w] ?? 0;
      words.push(bits[0]!);
    }
    powerBins = Math.max(powerBins, firstBin + groups * 4);
  }
  powerBins = Math.ceil(powerBins / 4) * 4;
  // PFFFT's ordered output holds bins below n_fft/2 as (re, im) pairs: the kernel must not read past it.
  if (powerBins > N_FFT / 2) throw new RangeError(`mel bands reach bin ${powerBins}, past the FFT's ${N_FFT / 2}`);
  return { words: Int32Array.from(words), powerBins };
}

/** torch 'reflect' padding of n_fft/2 on each side of the `length` samples (the edge sample is not repeated). */
function reflectEdges(padded: Float32Array, length: number): void {
  for (let i = 1; i <= HALF; i++) {
    padded[HALF - i] = padded[HALF + i]!;
    padded[HALF + length - 1 + i] = padded[HALF + length - 1 - i]!;
  }
}

/** torch.hann_window(n, periodic=False): 0.5 - 0.5 cos(2 pi i / (n - 1)). */
function symmetricHann(length: number): Float32Array {
  const window = new Float32Array(length);
  for (let i = 0; i < length; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (length - 1));
  return window;
}
