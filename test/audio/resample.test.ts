import { describe, expect, it } from 'vitest';
import { createResampler, resample } from '../../src-main/audio/resample';
import { rms, toneAmplitude } from './helpers/fixtures';

function tone(frequency: number, seconds: number, rate: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / rate);
  return out;
}

const dB = (ratio: number) => 20 * Math.log10(ratio);

describe('resample 44.1 kHz -> 32 kHz', () => {
  it('keeps the pass band (to 14 kHz) flat within 0.01 dB', () => {
    for (const frequency of [50, 1000, 5000, 10000, 13000, 14000]) {
      const out = resample(tone(frequency, 0.5, 44100), 44100, 32000);
      expect(Math.abs(dB(toneAmplitude(out, frequency, 32000) / 0.5)), `${frequency} Hz`).toBeLessThan(0.01);
    }
  });

  it('lets nothing above 16 kHz fold back (at least 85 dB down)', () => {
    for (const frequency of [16500, 17000, 18000, 20000, 22000]) {
      const out = resample(tone(frequency, 0.5, 44100), 44100, 32000);
      expect(dB(rms(out, 2000, out.length - 2000) / (0.5 / Math.SQRT2)), `${frequency} Hz`).toBeLessThan(-85);
    }
  });

  it('gives ceil(n * 32000 / 44100) samples, aligned with the input (no delay)', () => {
    for (const n of [0, 1, 2, 441, 1000, 44100, 44101]) {
      expect(resample(new Float32Array(n), 44100, 32000).length, `n=${n}`).toBe(Math.ceil((n * 32000) / 44100));
    }
    // A click at input sample 4410 (0.1 s) lands at output sample 3200.
    const click = new Float32Array(44100);
    click[4410] = 1;
    const out = resample(click, 44100, 32000);
    expect(out.indexOf(Math.max(...out))).toBe(3200);
  });

  it('streams: any block sizes give exactly the one-shot result', () => {
    const input = tone(997, 1, 44100);
    const whole = resample(input, 44100, 32000);
    const resampler = createResampler(44100, 32000);
    const parts: Float32Array[] = [];
    for (let offset = 0, size = 1; offset < input.length; offset += size, size = (size * 7 + 3) % 5000) {
      parts.push(resampler.process(input.subarray(offset, offset + size)));
    }
    parts.push(resampler.flush());
    const streamed = Float32Array.from(parts.flatMap((part) => Array.from(part)));
    expect(streamed.length).toBe(whole.length);
    expect(streamed).toEqual(whole);
  });

  it('keeps a constant constant', () => {
    const out = resample(new Float32Array(44100).fill(0.3), 44100, 32000);
    for (let i = 100; i < out.length - 100; i++) expect(Math.abs(out[i] - 0.3)).toBeLessThan(1e-5);
  });
});

describe('other rates', () => {
  const cases: Array<[number, number, number]> = [
    [48000, 32000, 1000],
    [96000, 32000, 12000],
    [22050, 32000, 5000], // upsampling
    [8000, 32000, 3000],
    [44100, 44056, 1000], // a ratio with more phases than the table holds
    [11127, 32000, 1000], // odd historic rate
  ];
  for (const [from, to, frequency] of cases) {
    it(`${from} -> ${to}: ${frequency} Hz tone intact, right length`, () => {
      const input = tone(frequency, 0.5, from);
      const out = resample(input, from, to);
      expect(out.length).toBe(Math.ceil((input.length * to) / from));
      expect(Math.abs(dB(toneAmplitude(out, frequency, to) / 0.5))).toBeLessThan(0.01);
    });
  }

  it('upsampling adds no images above the source band', () => {
    const out = resample(tone(7000, 0.5, 16000), 16000, 32000);
    // A 7 kHz tone at 16 kHz has its image at 9 kHz after zero-stuffing; the filter must remove it.
    expect(dB(toneAmplitude(out, 9000, 32000) / 0.5)).toBeLessThan(-85);
  });

  it('same rate passes the input through', () => {
    const input = tone(440, 0.1, 32000);
    expect(resample(input, 32000, 32000)).toBe(input);
  });

  it('rejects rates that are not positive integers', () => {
    expect(() => createResampler(0, 32000)).toThrow(RangeError);
    expect(() => createResampler(44100.5, 32000)).toThrow(RangeError);
  });
});
