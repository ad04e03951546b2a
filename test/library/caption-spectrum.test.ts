import { describe, expect, it } from 'vitest';
import { bandLevelsDb, CentroidAccumulator, FRAME, spectrumAnalyser } from '../../src-main/library/caption-spectrum';

const RATE = 48_000;
const BIN_HZ = RATE / FRAME;

function sine(hz: number, samples: number, amplitude = 0.5): Float32Array {
  return Float32Array.from({ length: samples }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / RATE));
}

describe('spectrumAnalyser', () => {
  it('is one shared analyser of FRAME-sample Hann-windowed frames', async () => {
    const analyser = await spectrumAnalyser();
    expect(analyser.size).toBe(FRAME);
    expect(await spectrumAnalyser()).toBe(analyser);
  });

  it('puts a bin-centred sine at its bin with magnitude A·N/4 (the Hann window halves it)', async () => {
    const analyser = await spectrumAnalyser();
    const bin = 100;
    const mags = analyser.magnitudes(sine(bin * BIN_HZ, FRAME));
    expect(mags).toHaveLength(FRAME / 2 + 1);
    expect(mags[bin]).toBeCloseTo((0.5 * FRAME) / 4, 1);
    // Hann leaks into the two neighbours at half that, and nowhere further.
    expect(mags[bin - 1]).toBeCloseTo((0.5 * FRAME) / 8, 1);
    expect(mags[bin + 1]).toBeCloseTo((0.5 * FRAME) / 8, 1);
    const far = Array.from(mags).filter((_, k) => Math.abs(k - bin) > 1);
    expect(Math.max(...far)).toBeLessThan(1e-2);
  });

  it('reads a frame at an offset, zero-padding past the end of the samples', async () => {
    const analyser = await spectrumAnalyser();
    const samples = new Float32Array(FRAME + 10);
    samples.fill(0.25, FRAME);
    const shifted = Array.from(analyser.magnitudes(samples, FRAME));
    // ten samples of 0.25 at the start of an otherwise silent frame: DC = sum of window-weighted values
    let dc = 0;
    for (let i = 0; i < 10; i++) dc += 0.25 * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FRAME));
    expect(shifted[0]).toBeCloseTo(dc, 6);
    expect(Array.from(analyser.magnitudes(new Float32Array(FRAME)))).toEqual(new Array(FRAME / 2 + 1).fill(0));
  });
});

describe('CentroidAccumulator', () => {
  it('finds a pure tone’s frequency as its centroid, and a mixture between its parts', async () => {
    const analyser = await spectrumAnalyser();
    const low = new CentroidAccumulator(analyser, RATE);
    low.addFrame(sine(64 * BIN_HZ, FRAME));
    expect(low.centroid()).toBeCloseTo(64 * BIN_HZ, -1);

    const mixed = new CentroidAccumulator(analyser, RATE);
    mixed.addFrame(sine(64 * BIN_HZ, FRAME));
    mixed.addFrame(sine(256 * BIN_HZ, FRAME));
    // equal magnitudes at two frequencies: the centroid is their mean
    expect(mixed.centroid()).toBeCloseTo(160 * BIN_HZ, -1);
  });

  it('has no centroid for silence', async () => {
    const silent = new CentroidAccumulator(await spectrumAnalyser(), RATE);
    expect(silent.centroid()).toBeNull();
    silent.addFrame(new Float32Array(FRAME));
    expect(silent.centroid()).toBeNull();
  });
});

describe('bandLevelsDb', () => {
  it('gives third-octave bands from 50 Hz to 20 kHz, loudest where the tone is', async () => {
    const analyser = await spectrumAnalyser();
    const levels = bandLevelsDb(analyser, sine(1000, RATE / 2), RATE);
    const edges: number[] = [];
    for (let f = 50; f < 20_000; f *= 2 ** (1 / 3)) edges.push(f);
    expect(levels).toHaveLength(edges.length); // edges.length - 1 bands below 20 kHz, plus the last one up to it
    const loudest = levels.indexOf(Math.max(...levels));
    expect(edges[loudest]!).toBeLessThanOrEqual(1000);
    expect(edges[loudest + 1]!).toBeGreaterThan(1000);
    // far bands are at the numerical floor, far below the tone's
    expect(levels[0]!).toBeLessThan(levels[loudest]! - 60);
  });

  it('averages over frames: a steady tone reads the same level in one frame or in many', async () => {
    const analyser = await spectrumAnalyser();
    const one = bandLevelsDb(analyser, sine(440, FRAME), RATE);
    const many = bandLevelsDb(analyser, sine(440, 5 * FRAME), RATE);
    const loud = one.indexOf(Math.max(...one));
    expect(many.indexOf(Math.max(...many))).toBe(loud);
    expect(many[loud]!).toBeCloseTo(one[loud]!, 0);
  });

  it('stops at the Nyquist frequency of a low sample rate', async () => {
    const analyser = await spectrumAnalyser();
    const levels = bandLevelsDb(analyser, new Float32Array(FRAME), 16_000);
    const edges: number[] = [];
    for (let f = 50; f < 8000; f *= 2 ** (1 / 3)) edges.push(f);
    expect(levels).toHaveLength(edges.length);
  });
});
