import { describe, expect, it } from 'vitest';
import { envelopeMatch, nearMatch, type NearSignals } from '../../../src-main/library/duplicates/near-rule';

const unit = (values: number[]) => {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (value) => value / norm);
};
// A decaying hit with a second bump, 100 slices a second.
const hit = (gain = 1, delay = 0, length = 40) =>
  Float32Array.from({ length }, (_, i) => {
    const t = i - delay;
    return t < 0 ? 0 : gain * (Math.exp(-t / 6) + 0.4 * Math.exp(-((t - 20) ** 2) / 8));
  });
const signals = (change: Partial<NearSignals> = {}): NearSignals => ({
  duration: 0.4,
  features: unit([1, 2, 3, 4]),
  envelope: hit(),
  rate: 100,
  loudnessLufs: -12,
  ...change,
});

describe('the near-duplicate rule', () => {
  it('matches a quieter copy and one trimmed by a few slices', () => {
    expect(nearMatch(signals(), signals({ envelope: hit(0.5), loudnessLufs: -18 }))).toBeCloseTo(1, 5);
    const trimmed = signals({ duration: 0.37, envelope: hit(1, -3, 37) });
    expect(envelopeMatch(signals(), trimmed, 0.04)).toBeGreaterThan(0.999);
    expect(nearMatch(signals(), trimmed)).not.toBeNull();
  });

  it('refuses other features, another shape, another length or a far other loudness', () => {
    expect(nearMatch(signals(), signals({ features: unit([4, 3, 2, 1]) }))).toBeNull();
    const other = Float32Array.from({ length: 40 }, (_, i) => Math.exp(-i / 20));
    expect(nearMatch(signals(), signals({ envelope: other }))).toBeNull();
    expect(nearMatch(signals(), signals({ duration: 0.6 }))).toBeNull();
    expect(nearMatch(signals(), signals({ loudnessLufs: -30 }))).toBeNull();
    // Loudness counts only where both were measured.
    expect(nearMatch(signals({ loudnessLufs: null }), signals({ loudnessLufs: -40 }))).not.toBeNull();
  });

  it('compares envelopes of different slice rates on one time grid', () => {
    const full = hit();
    const half = Float32Array.from({ length: 20 }, (_, i) => Math.max(full[2 * i]!, full[2 * i + 1]!));
    expect(envelopeMatch(signals(), signals({ envelope: half, rate: 50 }), 0.01)).toBeGreaterThan(0.99);
  });
});
