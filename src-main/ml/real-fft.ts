import { loadPffft, PFFFT_FORWARD, PFFFT_REAL } from './pffft';

/**
 * A forward real FFT of fixed size, run by PFFFT compiled to WebAssembly.
 *
 * Write a frame into `input`, call `transform()`, read `output`: PFFFT's ordered layout
 * [X0.re, X(n/2).re, X1.re, X1.im, X2.re, X2.im, ...], unscaled.
 */
export interface RealFft {
  readonly size: number;
  readonly input: Float32Array;
  readonly output: Float32Array;
  /** 'simd' or 'scalar': which WebAssembly build runs. */
  readonly flavour: string;
  transform(): void;
}

export async function createRealFft(size: number): Promise<RealFft> {
  const { module, flavour } = await loadPffft();
  // One module per FFT: its views on WebAssembly memory stay valid because nothing else allocates in it.
  const setup = module._pffft_new_setup(size, PFFFT_REAL);
  if (!setup) throw new Error(`PFFFT cannot do a real FFT of size ${size}`);
  const inputPtr = module._pffft_aligned_malloc(size * 4);
  const outputPtr = module._pffft_aligned_malloc(size * 4);
  const workPtr = module._pffft_aligned_malloc(size * 4);
  const input = new Float32Array(module.HEAPF32.buffer, inputPtr, size);
  const output = new Float32Array(module.HEAPF32.buffer, outputPtr, size);
  input.fill(0);
  return {
    size,
    input,
    output,
    flavour,
    transform: () => module._pffft_transform_ordered(setup, inputPtr, outputPtr, workPtr, PFFFT_FORWARD),
  };
}
