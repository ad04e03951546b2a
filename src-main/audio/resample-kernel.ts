import type { PolyphaseFilter } from './resample-filter';
import { instantiatePolyphaseWasm, type PolyphaseWasm } from './resample-wasm';

/**
 * The resampler's working memory and its dot-product loop. One flat float heap laid out as
 * [filter table | pending input | output], so that the SIMD kernel reads everything from its own memory and a
 * stream reuses the same space block after block. Plain JS does the same loop where WebAssembly SIMD is missing,
 * and for ratios whose phases are rounded (more than MAX_PHASES).
 */
export class PolyphaseKernel {
  /** Where the pending input starts in the heap (floats). */
  readonly inputAt: number;
  private wasm: PolyphaseWasm | null;
  private heapView: Float32Array;
  private readonly stepWhole: number;
  private readonly stepPhase: number;

  constructor(
    private readonly filter: PolyphaseFilter,
    /** Output step is down / up input samples. */
    private readonly up: number,
    down: number,
    useWasm = true,
  ) {
    this.stepWhole = Math.floor(down / up);
    this.stepPhase = down % up;
    this.inputAt = align(filter.table.length);
    this.wasm = useWasm && filter.phases === up ? acquireWasm() : null;
    this.heapView = this.wasm ? new Float32Array(this.wasm.memory.buffer) : new Float32Array(0);
    this.heap(this.inputAt).set(filter.table);
  }

  /** Done with this kernel: its WebAssembly instance (memory already paged in) may serve the next stream. */
  release(): void {
    if (this.wasm) releaseWasm(this.wasm);
    this.wasm = null;
    this.heapView = new Float32Array(0);
  }

  /** Whether the SIMD kernel runs (for tests and benchmarks). */
  get simd(): boolean {
    return this.wasm !== null;
  }

  /** The heap, grown to hold at least `floats`. Views taken earlier may be stale after this. */
  heap(floats: number): Float32Array {
    if (this.wasm) {
      const missing = floats * 4 - this.wasm.memory.buffer.byteLength;
      if (missing > 0) this.wasm.memory.grow(Math.ceil(missing / 65536));
      if (this.heapView.buffer !== this.wasm.memory.buffer) this.heapView = new Float32Array(this.wasm.memory.buffer);
    } else if (this.heapView.length < floats) {
      const grown = new Float32Array(Math.max(floats, Math.ceil(this.heapView.length * 1.5)));
      grown.set(this.heapView);
      this.heapView = grown;
    }
    return this.heapView;
  }

  /**
   * Writes `count` outputs at heap[outAt...]. The first output's taps start at heap[firstTap] with filter phase
   * `phase` (in 1/up steps); each next output moves on by down/up input samples. The heap must already hold it all.
   */
  run(firstTap: number, outAt: number, count: number, phase: number): void {
    if (count <= 0) return;
    const { taps, phases } = this.filter;
    if (this.wasm) {
      this.wasm.run(0, taps, firstTap * 4, outAt * 4, count, phase, this.stepWhole * 4, this.stepPhase, this.up);
      return;
    }
    const heap = this.heapView;
    const { up, stepWhole, stepPhase } = this;
    const exactPhases = phases === up;
    let start = firstTap;
    for (let n = 0; n < count; n++) {
      const row = (exactPhases ? phase : Math.round((phase * phases) / up)) * taps;
      // Four partial sums: fewer loop iterations and independent additions the CPU can overlap.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < taps; j += 4) {
        s0 += heap[row + j]! * heap[start + j]!;
        s1 += heap[row + j + 1]! * heap[start + j + 1]!;
        s2 += heap[row + j + 2]! * heap[start + j + 2]!;
        s3 += heap[row + j + 3]! * heap[start + j + 3]!;
      }
      heap[outAt + n] = s0 + s1 + s2 + s3;
      start += stepWhole;
      phase += stepPhase;
      if (phase >= up) {
        phase -= up;
        start++;
      }
    }
  }
}

// Fresh memory costs a page fault per 4 KiB on first touch, which on some machines cost more than the resampling
// itself (measured: 6 ms to fill 1.7 MB of a new instance's memory, 2.6 ms to resample 10 s from it). So finished
// streams hand their instance back, and the next stream reuses its memory. Small ones only: WebAssembly memory
// never shrinks, and a whole-file resample() may have grown it to hundreds of megabytes.
const idle: PolyphaseWasm[] = [];
const MAX_IDLE = 4;
const MAX_IDLE_BYTES = 16 << 20;

function acquireWasm(): PolyphaseWasm | null {
  return idle.pop() ?? instantiatePolyphaseWasm();
}

function releaseWasm(wasm: PolyphaseWasm): void {
  if (idle.length < MAX_IDLE && wasm.memory.buffer.byteLength <= MAX_IDLE_BYTES && !idle.includes(wasm))
    idle.push(wasm);
}

/** Up to a multiple of four floats (16 bytes), where SIMD loads and stores are cheapest. */
export function align(floats: number): number {
  return Math.ceil(floats / 4) * 4;
}
