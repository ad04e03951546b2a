import { describe, expect, it } from 'vitest';
import { AUDITION_TARGET_LUFS, auditionVolume } from '../../../src-renderer/lib/audition';

describe('auditionVolume', () => {
  it('brings a louder file down to the target when matching, and never turns one up past the volume', () => {
    // 20 dB over the target: a tenth of the amplitude.
    expect(auditionVolume(1, true, AUDITION_TARGET_LUFS + 20)).toBeCloseTo(0.1, 6);
    expect(auditionVolume(0.5, true, AUDITION_TARGET_LUFS + 6)).toBeCloseTo(0.5 * 10 ** (-6 / 20), 6);
    expect(auditionVolume(0.8, true, AUDITION_TARGET_LUFS - 10)).toBe(0.8);
  });

  it('plays at the volume alone when not matching or when the loudness was never measured', () => {
    expect(auditionVolume(0.7, false, -5)).toBe(0.7);
    expect(auditionVolume(0.7, true, null)).toBe(0.7);
    expect(auditionVolume(1.5, false, null)).toBe(1);
    expect(auditionVolume(-1, false, null)).toBe(0);
  });
});
