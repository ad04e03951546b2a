import { describe, expect, it } from 'vitest';
import { F_MAX, MEL_BANDS, N_FFT, SAMPLE_RATE } from '../../src-main/ml/efficientat';
import { kaldiMelBanks, type MelBanks } from '../../src-main/ml/kaldi-mel';

const mel = (hz: number) => 1127 * Math.log(1 + hz / 700);

/** Band b's weight at each FFT bin 0..nFft/2-1, as a dense row. */
function dense(banks: MelBanks, nFft: number): number[][] {
  return Array.from({ length: banks.bands }, (_, b) => {
    const row = new Array<number>(nFft / 2).fill(0);
    const from = banks.offsets[b]!;
    const to = banks.offsets[b + 1]!;
    for (let i = from; i < to; i++) row[banks.firstBin[b]! + i - from] = banks.weights[i]!;
    return row;
  });
}

describe('kaldiMelBanks', () => {
  const banks = kaldiMelBanks();
  const rows = dense(banks, N_FFT);
  const binHz = SAMPLE_RATE / N_FFT;

  it('builds EfficientAT’s 128 bands over the FFT bins below 15 kHz', () => {
    expect(banks.bands).toBe(MEL_BANDS);
    expect(banks.firstBin).toHaveLength(MEL_BANDS);
    expect(banks.offsets).toHaveLength(MEL_BANDS + 1);
    expect(banks.offsets[MEL_BANDS]).toBe(banks.weights.length);
    // The top band ends at 15 kHz: bin 480 is exactly there (weight 0), 479 the last one with weight.
    expect(banks.maxBin).toBe(Math.ceil(F_MAX / binHz) - 1);
    expect(Math.min(...banks.weights)).toBeGreaterThan(0);
    expect(Math.max(...banks.weights)).toBeLessThanOrEqual(1);
  });

  it('makes each band one triangle: rising, then falling, peaking where its centre falls', () => {
    const delta = mel(F_MAX) / (MEL_BANDS + 1);
    rows.forEach((row, b) => {
      const nonzero = row.flatMap((w, bin) => (w > 0 ? [bin] : []));
      // contiguous
      expect(nonzero.at(-1)! - nonzero[0]! + 1, `band ${b}`).toBe(nonzero.length);
      // every bin with weight lies strictly between the band's left and right edges on the mel scale
      for (const bin of nonzero) {
        expect(mel(bin * binHz)).toBeGreaterThan(b * delta);
        expect(mel(bin * binHz)).toBeLessThan((b + 2) * delta);
      }
      const peak = nonzero.reduce((best, bin) => (row[bin]! > row[best]! ? bin : best));
      expect(Math.abs(mel(peak * binHz) - (b + 1) * delta), `band ${b}`).toBeLessThanOrEqual(
        mel((peak + 1) * binHz) - mel((peak - 1) * binHz),
      );
    });
  });

  it('gives every band at least one FFT bin, and neighbouring bands sum to one between their centres', () => {
    expect(rows.flatMap((row, b) => (row.every((w) => w === 0) ? [b] : []))).toEqual([]);
    const delta = mel(F_MAX) / (MEL_BANDS + 1);
    let checked = 0;
    for (let bin = 1; bin < N_FFT / 2; bin++) {
      const m = mel(bin * binHz);
      if (m <= delta || m >= MEL_BANDS * delta) continue; // below the first centre or above the last
      const sum = rows.reduce((total, row) => total + row[bin]!, 0);
      expect(sum, `bin ${bin}`).toBeCloseTo(1, 9);
      checked++;
    }
    expect(checked).toBeGreaterThan(400);
  });

  it('follows its arguments: 4 bands over 0-4 kHz of a 16-point FFT at 8 kHz', () => {
    const small = kaldiMelBanks(4, 16, 8000, 0, 4000);
    const delta = mel(4000) / 5;
    const expected = Array.from({ length: 4 }, (_, b) =>
      Array.from({ length: 8 }, (_, bin) => {
        const m = mel(bin * 500);
        return Math.max(0, Math.min((m - b * delta) / delta, ((b + 2) * delta - m) / delta));
      }),
    );
    const got = dense(small, 16);
    got.forEach((row, b) =>
      row.forEach((w, bin) => expect(w, `band ${b} bin ${bin}`).toBeCloseTo(expected[b]![bin]!, 12)),
    );
    expect(small.maxBin).toBe(7);
  });

  it('leaves a band narrower than one FFT bin empty, starting at bin 0', () => {
    const crowded = kaldiMelBanks(40, 16, 8000, 0, 4000);
    const empty = Array.from({ length: 40 }, (_, b) => b).filter((b) => crowded.offsets[b + 1] === crowded.offsets[b]);
    expect(empty.length).toBeGreaterThan(20); // 40 bands over 8 bins
    expect(empty.map((b) => crowded.firstBin[b])).toEqual(empty.map(() => 0));
  });
});
