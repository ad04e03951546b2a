import { LOG_OFFSET, MEL_BANDS, NORM_SCALE, NORM_SHIFT } from './efficientat';

// The front-end's last step, (ln(x + 1e-5) + 4.5) / 5 with the transpose [T, bands] -> [bands, T], in plain
// TypeScript: about 1.2 ms per 10 s window. A call into ONNX Runtime for it took 0.5 ms at best but about 4 ms
// whenever its thread pool had gone to sleep between calls, so the front-end's cost swung from run to run.

/** energies [count][T][bands] row-major -> spec [count][bands][T], normalised log-mel as EfficientAT feeds it. */
export function logNormalise(energies: Float32Array, count: number, frames: number): Float32Array {
  const out = new Float32Array(energies.length);
  const per = frames * MEL_BANDS;
  for (let c = 0; c < count; c++) {
    const base = c * per;
    for (let t = 0; t < frames; t++) {
      const row = base + t * MEL_BANDS;
      for (let band = 0; band < MEL_BANDS; band++) {
        out[base + band * frames + t] = (Math.log(energies[row + band]! + LOG_OFFSET) + NORM_SHIFT) / NORM_SCALE;
      }
    }
  }
  return out;
}
