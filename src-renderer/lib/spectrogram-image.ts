// A spectrogram's bytes as pixels: low pitch at the bottom, 0 (quiet) dark to 255 (loud) bright, through a
// perceptually ordered dark-blue / magenta / yellow ramp so that loudness reads at a glance in either theme.
import type { Spectrogram } from '../../src-main/api/contract';

/** RGB of a level 0..255. */
export function levelColour(level: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, level / 255));
  const r = Math.round(255 * Math.min(1, 1.6 * t));
  const g = Math.round(255 * Math.max(0, (t - 0.45) / 0.55) ** 1.2);
  const b = Math.round(255 * Math.max(0, Math.sin(Math.PI * Math.min(1, t * 1.4)) * 0.85 + 0.1 * (1 - t)));
  return [r, g, b];
}

/** RGBA pixels, `columns` wide and `bands` high, the highest band in the top row. */
export function spectrogramPixels(spectrogram: Spectrogram): Uint8ClampedArray<ArrayBuffer> {
  const bytes = Uint8Array.from(atob(spectrogram.data), (c) => c.charCodeAt(0));
  const { bands, columns } = spectrogram;
  const pixels = new Uint8ClampedArray(bands * columns * 4);
  for (let band = 0; band < bands; band++) {
    const row = bands - 1 - band;
    for (let column = 0; column < columns; column++) {
      const [r, g, b] = levelColour(bytes[band * columns + column]!);
      const at = (row * columns + column) * 4;
      pixels[at] = r;
      pixels[at + 1] = g;
      pixels[at + 2] = b;
      pixels[at + 3] = 255;
    }
  }
  return pixels;
}
