import { describe, expect, it } from 'vitest';
import { createResampler, resample, type ResamplerOptions } from '../../src-main/audio/resample';
import { polyphaseFilter } from '../../src-main/audio/resample-filter';
import { PolyphaseKernel } from '../../src-main/audio/resample-kernel';
import { maxDifference, rms, toneAmplitude } from './helpers/fixtures';

function tone(frequency: number, seconds: number, rate: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / rate);
  return out;
}

const dB = (ratio: number) => 20 * Math.log10(ratio);

describe('resample 44.1 kHz -> 32 kHz (transparent quality, the default)', () => {
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
    for (let i = 100; i < out.length - 100; i++) expect(Math.abs(out[i]! - 0.3)).toBeLessThan(1e-5);
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

  it('rejects rates that are not positive', () => {
    expect(() => createResampler(0, 32000)).toThrow(RangeError);
    expect(() => createResampler(-44100, 32000)).toThrow(RangeError);
    expect(() => createResampler(Number.NaN, 32000)).toThrow(RangeError);
    expect(() => createResampler(Infinity, 32000)).toThrow(RangeError);
  });

  it('converts from the classic Mac rates (22254.5454 and 11127.2727 Hz) by their exact ratio', () => {
    // 244800/11 and 122400/11 Hz: to 32 kHz the ratios are 220/153 and 440/153.
    for (const [rate, up, down] of [
      [22254.5454, 220, 153],
      [11127.2727, 440, 153],
    ] as const) {
      const input = tone(1000, 1, rate);
      const out = resample(input, rate, 32000);
      expect(out.length, `${rate} Hz`).toBe(Math.ceil((input.length * up) / down));
      expect(Math.abs(dB(toneAmplitude(out, 1000, 32000) / 0.5)), `${rate} Hz`).toBeLessThan(0.01);
    }
  });
});

// The 'analysis' quality serves EfficientAT at 32 kHz, whose mel bands reach 15 kHz: flat to 14 kHz, and nothing
// that would land in 0-15 kHz from outside the source's band (aliases when downsampling, images when upsampling).
describe('analysis quality, to 32 kHz', () => {
  const analysis: ResamplerOptions = { quality: 'analysis' };
  const SECONDS = 0.25;

  /** Level in dB of what is left of the output once the best-fitting sinusoid at `frequency` is taken out. */
  function residualDb(out: Float32Array, frequency: number, rate: number, amplitude: number): number {
    const from = Math.floor(out.length * 0.2);
    const to = Math.floor(out.length * 0.8);
    // Least squares on sine and cosine (2x2 normal equations): an exact fit even over a fractional cycle count.
    let ss = 0,
      cc = 0,
      sc = 0,
      ys = 0,
      yc = 0;
    for (let i = from; i < to; i++) {
      const s = Math.sin((2 * Math.PI * frequency * i) / rate);
      const c = Math.cos((2 * Math.PI * frequency * i) / rate);
      ss += s * s;
      cc += c * c;
      sc += s * c;
      ys += out[i]! * s;
      yc += out[i]! * c;
    }
    const det = ss * cc - sc * sc;
    const a = (ys * cc - yc * sc) / det;
    const b = (yc * ss - ys * sc) / det;
    let sum = 0;
    for (let i = from; i < to; i++) {
      const fitted =
        a * Math.sin((2 * Math.PI * frequency * i) / rate) + b * Math.cos((2 * Math.PI * frequency * i) / rate);
      sum += (out[i]! - fitted) ** 2;
    }
    return dB(Math.sqrt(sum / (to - from)) / (amplitude / Math.SQRT2));
  }

  for (const from of [44100, 48000, 96000]) {
    it(`${from} Hz: flat within 0.1 dB to 14 kHz`, () => {
      for (const frequency of [50, 1000, 5000, 10000, 12000, 13000, 13500, 14000]) {
        const out = resample(tone(frequency, SECONDS, from), from, 32000, analysis);
        expect(Math.abs(dB(toneAmplitude(out, frequency, 32000) / 0.5)), `${frequency} Hz`).toBeLessThan(0.1);
      }
    });

    it(`${from} Hz: whatever would fold into 0-15 kHz (17 kHz up to Nyquist) is at least 70 dB down`, () => {
      let worst = -Infinity;
      for (let frequency = 17000; frequency < from / 2; frequency += from > 50000 ? 590 : 230) {
        const out = resample(tone(frequency, SECONDS, from), from, 32000, analysis);
        worst = Math.max(worst, dB(rms(out, 1000, out.length - 1000) / (0.5 / Math.SQRT2)));
      }
      expect(worst).toBeLessThan(-70);
    });
  }

  it('22050 Hz (upsampling): flat within 0.1 dB to 0.875 of its Nyquist, images at least 70 dB down', () => {
    for (const frequency of [50, 1000, 5000, 8000, 9000, 9600]) {
      const out = resample(tone(frequency, SECONDS, 22050), 22050, 32000, analysis);
      expect(Math.abs(dB(toneAmplitude(out, frequency, 32000) / 0.5)), `${frequency} Hz`).toBeLessThan(0.1);
      // The image of f lies at 22050 - f, inside 0-15 kHz: all of the residual.
      expect(residualDb(out, frequency, 32000, 0.5), `${frequency} Hz`).toBeLessThan(-70);
    }
  });

  it('the residual measure sees an image when there is one (nearest-sample upsampling)', () => {
    const input = tone(5000, SECONDS, 22050);
    const length = Math.ceil((input.length * 32000) / 22050);
    const crude = Float32Array.from({ length }, (_, i) => input[Math.floor((i * 22050) / 32000)]!);
    expect(residualDb(crude, 5000, 32000, 0.5)).toBeGreaterThan(-40);
  });

  it('has half the taps of the transparent filter from 44.1 kHz', () => {
    expect(polyphaseFilter(44100, 32000, 320, 'analysis').taps).toBe(64);
    expect(polyphaseFilter(44100, 32000, 320, 'transparent').taps).toBe(128);
  });

  it('keeps length and alignment: a click at 0.1 s lands at output sample 3200', () => {
    const click = new Float32Array(44100);
    click[4410] = 1;
    const out = resample(click, 44100, 32000, analysis);
    expect(out.length).toBe(32000);
    expect(out.indexOf(Math.max(...out))).toBe(3200);
  });
});

describe('SIMD kernel', () => {
  it('runs as WebAssembly SIMD here (a broken module would silently fall back to the slow loop)', () => {
    expect(new PolyphaseKernel(polyphaseFilter(44100, 32000, 320, 'analysis'), 320, 441).simd).toBe(true);
  });

  let seed = 1;
  const noise = (n: number) =>
    Float32Array.from({ length: n }, () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5);

  for (const [from, to] of [
    [44100, 32000],
    [48000, 32000],
    [96000, 32000],
    [22050, 32000],
    [8000, 32000],
  ] as const) {
    it(`${from} -> ${to}: equals the plain JS loop within float rounding`, () => {
      const input = noise(from / 4);
      for (const quality of ['analysis', 'transparent'] as const) {
        const simd = resample(input, from, to, { quality });
        const plain = resample(input, from, to, { quality, simd: false });
        expect(maxDifference(simd, plain), quality).toBeLessThan(1e-6);
      }
    });
  }

  it('a reused instance starts clean: streams one after another give what a first stream gives', () => {
    const first = noise(30000);
    const second = noise(30000);
    const expected = resample(second, 44100, 32000, { quality: 'analysis', simd: false });
    resample(first, 44100, 32000, { quality: 'analysis' });
    // An unfinished stream keeps its instance; the finished ones go back to the pool.
    createResampler(44100, 32000, { quality: 'analysis' }).process(first);
    expect(maxDifference(resample(second, 44100, 32000, { quality: 'analysis' }), expected)).toBeLessThan(1e-6);
    const other = resample(second, 48000, 32000, { quality: 'analysis', simd: false });
    expect(maxDifference(resample(second, 48000, 32000, { quality: 'analysis' }), other)).toBeLessThan(1e-6);
  });

  it('processTo/flushTo hand over the same samples as process/flush, in any block sizes', () => {
    const input = noise(44100);
    const whole = resample(input, 44100, 32000, { quality: 'analysis' });
    const resampler = createResampler(44100, 32000, { quality: 'analysis' });
    const parts: number[] = [];
    const sink = (block: Float32Array) => parts.push(...block);
    for (let offset = 0, size = 1; offset < input.length; offset += size, size = (size * 7 + 3) % 5000) {
      resampler.processTo(input.subarray(offset, offset + size), sink);
    }
    resampler.flushTo(sink);
    expect(Float32Array.from(parts)).toEqual(whole);
  });
});
