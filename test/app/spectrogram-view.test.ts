import { describe, expect, it } from 'vitest';
import { fileSpectrogram } from '../../src-main/app/spectrogram-view';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

/** The band (0 = lowest) holding the most of a spectrogram's bytes. */
function loudestBand(spectrogram: { bands: number; columns: number; data: string }): number {
  const bytes = Buffer.from(spectrogram.data, 'base64');
  let best = 0;
  let bestSum = -1;
  for (let band = 0; band < spectrogram.bands; band++) {
    let sum = 0;
    for (let c = 0; c < spectrogram.columns; c++) sum += bytes[band * spectrogram.columns + c]!;
    if (sum > bestSum) [best, bestSum] = [band, sum];
  }
  return best;
}

describe('fileSpectrogram', () => {
  const tempDir = useTempDirs();

  it('puts a low tone in a low band and a high one higher, over the whole length', async () => {
    const dir = tempDir();
    const low = await fileSpectrogram(1, tone(dir, 'low.wav', { seconds: 2, freq: 220 }));
    const high = await fileSpectrogram(2, tone(dir, 'high.wav', { seconds: 2, freq: 5000 }));
    expect(low).toMatchObject({ fileId: 1, bands: 128, columns: 200 });
    expect(low.seconds).toBeCloseTo(2, 1);
    expect(Buffer.from(low.data, 'base64')).toHaveLength(128 * 200);
    expect(loudestBand(low)).toBeLessThan(30);
    expect(loudestBand(high)).toBeGreaterThan(loudestBand(low) + 40);
  });

  it('pools a long file into a bounded number of columns, and takes a file shorter than one frame', async () => {
    const dir = tempDir();
    const long = await fileSpectrogram(3, tone(dir, 'long.wav', { seconds: 30, freq: 440 }));
    expect(long.columns).toBe(600);
    const tiny = await fileSpectrogram(4, tone(dir, 'tiny.wav', { seconds: 0.01, freq: 440 }));
    expect(tiny.columns).toBeGreaterThanOrEqual(1);
  });
});
