import { describe, expect, it } from 'vitest';
import { createRealFft } from '../../src-main/ml/real-fft';

/** The textbook DFT in float64: X_k = sum_n x_n e^{-2 pi i k n / N}. */
function naiveDft(x: Float32Array): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const re = new Float64Array(n / 2 + 1);
  const im = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * k * t) / n;
      re[k]! += x[t]! * Math.cos(angle);
      im[k]! += x[t]! * Math.sin(angle);
    }
  }
  return { re, im };
}

function seeded(n: number): Float32Array {
  let state = 12345;
  return Float32Array.from({ length: n }, () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1);
}

describe('createRealFft (PFFFT in WebAssembly)', () => {
  it.each([64, 1024, 2048])('matches the textbook DFT at size %i in the ordered layout, unscaled', async (size) => {
    const fft = await createRealFft(size);
    expect(fft.size).toBe(size);
    expect(['simd', 'scalar']).toContain(fft.flavour);
    const x = seeded(size);
    fft.input.set(x);
    fft.transform();
    const { re, im } = naiveDft(x);
    const out = fft.output;
    const tolerance = 1e-4 * Math.sqrt(size);
    expect(out[0]).toBeCloseTo(re[0]!, 2);
    expect(Math.abs(out[1]! - re[size / 2]!)).toBeLessThan(tolerance);
    let worst = 0;
    for (let k = 1; k < size / 2; k++)
      worst = Math.max(worst, Math.abs(out[2 * k]! - re[k]!), Math.abs(out[2 * k + 1]! - im[k]!));
    expect(worst).toBeLessThan(tolerance);
  });

  it('puts a cosine at bin k into X_k = N/2 and nothing elsewhere', async () => {
    const size = 256;
    const fft = await createRealFft(size);
    const k = 10;
    for (let t = 0; t < size; t++) fft.input[t] = Math.cos((2 * Math.PI * k * t) / size);
    fft.transform();
    const magnitude = (bin: number) => Math.hypot(fft.output[2 * bin]!, fft.output[2 * bin + 1]!);
    expect(magnitude(k)).toBeCloseTo(size / 2, 3);
    const others = Array.from({ length: size / 2 - 1 }, (_, i) => i + 1).filter((bin) => bin !== k);
    expect(Math.max(...others.map(magnitude))).toBeLessThan(1e-3);
    expect(Math.abs(fft.output[0]!)).toBeLessThan(1e-3);
  });

  it('gives each FFT its own buffers', async () => {
    const a = await createRealFft(64);
    const b = await createRealFft(64);
    a.input.fill(1);
    b.input.fill(0);
    a.transform();
    b.transform();
    expect(a.output[0]).toBe(64);
    expect(b.output[0]).toBe(0);
  });

  it('refuses a size PFFFT cannot do', async () => {
    // PFFFT's own assertion aborts the (fresh, per-FFT) module before createRealFft's friendlier check is reached.
    await expect(createRealFft(100)).rejects.toThrow(/PFFFT cannot do a real FFT of size 100|pffft_new_setup/);
  });
});
