// Sample-rate conversion by polyphase windowed-sinc interpolation (Kaiser window), streaming and synchronous.
//
// Why our own and not libsamplerate-js (BSD libsamplerate in WASM, whose create() is async but whose full() API
// does stream): measured 44.1 -> 32 kHz on tones, its SRC_SINC_FASTEST is already 3.9 dB down at 13 kHz and
// 13.8 dB down at 14 kHz, so it dulls the band the audio models look at, for about the same time as ours;
// SRC_SINC_MEDIUM_QUALITY is flat there but took 1.4-2.6x our time.
//
// The filters and their two qualities are in resample-filter.ts, the dot-product loop (WebAssembly SIMD) in
// resample-kernel.ts; this file keeps the stream's position exact over any length and any block sizes.

import { polyphaseFilter, type PolyphaseFilter, type ResampleQuality } from './resample-filter';
import { align, PolyphaseKernel } from './resample-kernel';
import { rateFraction } from './sample-rate';

export type { ResampleQuality } from './resample-filter';

export interface Resampler {
  readonly fromRate: number;
  readonly toRate: number;
  /** Resamples the next block of a continuous signal; output lags input by the filter's half-length until flush(). */
  process(input: Float32Array): Float32Array;
  /** Emits the remaining output; total output length is ceil(input length * toRate / fromRate). Ends the stream. */
  flush(): Float32Array;
  /** Like process(), but hands the output to `sink` as a view valid only during the call: no allocation, no copy. */
  processTo(input: Float32Array, sink: SampleSink): void;
  /** Like flush(), through a sink. */
  flushTo(sink: SampleSink): void;
}

export type SampleSink = (block: Float32Array) => void;

export interface ResamplerOptions {
  /** 'transparent' (default) keeps the whole band; 'analysis' only what a tagger reads, at half the cost. */
  quality?: ResampleQuality;
  /** Plain JS instead of the WebAssembly SIMD kernel (tests compare the two). */
  simd?: boolean;
}

/**
 * Rates need not be whole numbers of hertz (AIFF's classic Mac 22254.5454 Hz): each is taken as the fraction that
 * sample-rate.ts's rateFraction() finds, and the conversion runs at the exact ratio of the two.
 */
export function createResampler(fromRate: number, toRate: number, options: ResamplerOptions = {}): Resampler {
  if (!(fromRate > 0 && toRate > 0) || !Number.isFinite(fromRate) || !Number.isFinite(toRate)) {
    throw new RangeError(`sample rates must be positive (got ${fromRate} -> ${toRate})`);
  }
  if (fromRate === toRate) return new PassThrough(fromRate);
  return new PolyphaseResampler(fromRate, toRate, options);
}

/** Whole-signal convenience: one process() and flush(). */
export function resample(
  samples: Float32Array,
  fromRate: number,
  toRate: number,
  options: ResamplerOptions = {},
): Float32Array {
  const resampler = createResampler(fromRate, toRate, options);
  const body = resampler.process(samples);
  const tail = resampler.flush();
  if (tail.length === 0) return body;
  const out = new Float32Array(body.length + tail.length);
  out.set(body);
  out.set(tail, body.length);
  return out;
}

class PassThrough implements Resampler {
  constructor(readonly fromRate: number) {}
  get toRate() {
    return this.fromRate;
  }
  process(input: Float32Array) {
    return input;
  }
  flush() {
    return new Float32Array(0);
  }
  processTo(input: Float32Array, sink: SampleSink) {
    sink(input);
  }
  flushTo() {}
}

class PolyphaseResampler implements Resampler {
  /** Output step in input samples is down / up, kept as integers so that long streams do not drift. */
  private readonly up: number;
  private readonly down: number;
  private readonly filter: PolyphaseFilter;
  private readonly half: number;
  private readonly kernel: PolyphaseKernel;
  /**
   * Unconsumed input: `pending` samples in the kernel's heap from kernel.inputAt; `base` is the absolute index of
   * the first. Index < 0 reads as silence.
   */
  private pending: number;
  private base: number;
  private nextInput = 0; // integer part of the next output's position, in input samples
  private nextPhase = 0; // fractional part, in units of 1/up
  private inputCount = 0;
  private outputCount = 0;
  private flushed = false;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
    options: ResamplerOptions,
  ) {
    // up / down = toRate / fromRate exactly, with each rate a fraction n / d: (n_to * d_from) / (n_from * d_to).
    const from = rateFraction(fromRate);
    const to = rateFraction(toRate);
    const up = to.numerator * from.denominator;
    const down = from.numerator * to.denominator;
    const divisor = gcd(up, down);
    this.up = up / divisor;
    this.down = down / divisor;
    this.filter = polyphaseFilter(fromRate, toRate, this.up, options.quality ?? 'transparent');
    this.half = this.filter.taps / 2;
    this.kernel = new PolyphaseKernel(this.filter, this.up, this.down, options.simd ?? true);
    // Silence before the start, so the first outputs have their full window.
    this.pending = this.half;
    this.kernel
      .heap(this.kernel.inputAt + this.pending)
      .fill(0, this.kernel.inputAt, this.kernel.inputAt + this.pending);
    this.base = -this.half;
  }

  process(input: Float32Array): Float32Array {
    let out = new Float32Array(0);
    this.processTo(input, (block) => (out = block.slice()));
    return out;
  }

  flush(): Float32Array {
    let out = new Float32Array(0);
    this.flushTo((block) => (out = block.slice()));
    return out;
  }

  processTo(input: Float32Array, sink: SampleSink): void {
    if (this.flushed) throw new Error('resampler already flushed');
    this.inputCount += input.length;
    this.run(input, Infinity, sink);
  }

  flushTo(sink: SampleSink): void {
    if (this.flushed) return;
    this.flushed = true;
    const expected = Math.ceil((this.inputCount * this.up) / this.down);
    this.run(new Float32Array(this.half + 1), expected - this.outputCount, sink);
    this.kernel.release();
  }

  private run(input: Float32Array, limit: number, sink: SampleSink): void {
    const { up, down, half, kernel } = this;
    const inputAt = kernel.inputAt;
    const buffered = this.pending + input.length;
    const lastIndex = this.base + buffered - 1;
    // Outputs whose last tap (position + half) is already in the buffer.
    const available = Math.max(0, Math.ceil(((lastIndex - half + 1 - this.nextInput) * up - this.nextPhase) / down));
    const count = Math.max(0, Math.min(available, limit));
    // Heap: table, pending input with this block appended, then (16-byte aligned) the outputs.
    const outAt = align(inputAt + buffered);
    const heap = kernel.heap(outAt + count);
    heap.set(input, inputAt + this.pending);
    kernel.run(inputAt + this.nextInput + 1 - half - this.base, outAt, count, this.nextPhase);
    sink(heap.subarray(outAt, outAt + count));
    // Exact integer arithmetic: position * up + phase grows by `down` per output.
    const advanced = this.nextPhase + count * down;
    this.nextInput += Math.floor(advanced / up);
    this.nextPhase = advanced % up;
    this.outputCount += count;
    // Keep what the next output still needs: from its first tap onward.
    const keepFrom = Math.max(0, Math.min(buffered, this.nextInput - half + 1 - this.base));
    heap.copyWithin(inputAt, inputAt + keepFrom, inputAt + buffered);
    this.pending = buffered - keepFrom;
    this.base += keepFrom;
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
