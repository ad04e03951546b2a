import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameCount, MEL_BANDS, WINDOW_SAMPLES } from '../../../src-main/ml/efficientat';
import { decodeToMono } from '../../../src-main/audio/decode';
import { ANALYSIS_RATE, MAX_ANALYSED_SECONDS } from '../../../src-main/library/analyse-file';
import {
  AUDIO_LEVELS,
  AUDIO_LEVELS_SIZE,
  DECODED_SECONDS,
  fileLevels,
  HEARD_SECONDS,
  heardWindows,
  levelsEncoder,
  poolLevels,
  windowLevels,
} from '../../../src-main/ml/heads/audio-levels';
import { createTagger } from '../../../src-main/ml/tagger';
import { installModel } from '../../../src-main/ml/model-manager';
import { cpuFrontEnd } from '../../../src-main/ml/spectrogram';
import { fillWindow } from '../../../src-main/ml/windows';
import { hasSox, samples32k, SHARED, SONIC_PI } from '../helpers';

const hasOnnxPython = spawnSync('/usr/bin/python3', ['-c', 'import onnx']).status === 0;

describe('poolLevels', () => {
  it('averages activations and takes the max of the probabilities over windows', () => {
    const a = new Float32Array(AUDIO_LEVELS_SIZE).fill(1);
    const b = new Float32Array(AUDIO_LEVELS_SIZE).fill(3);
    a[AUDIO_LEVELS_SIZE - 1] = 0.9;
    b[AUDIO_LEVELS_SIZE - 1] = 0.2;
    const pooled = poolLevels([a, b]);
    expect(pooled[0]).toBe(2);
    expect(pooled[AUDIO_LEVELS_SIZE - 528]).toBe(2); // last activation before the probabilities
    expect(pooled[AUDIO_LEVELS_SIZE - 1]).toBeCloseTo(0.9);
    expect(AUDIO_LEVELS.map((l) => l.name)).toEqual([
      'level_low',
      'level_mid',
      'level_high',
      'features',
      'hidden',
      'probs',
    ]);
  });
});

describe('fileLevels', () => {
  /** A window whose every level is `value` (probabilities too). */
  const window = (start: number, end: number, value: number) => {
    const filled = (dim: number) => new Float32Array(dim).fill(value);
    const extra = Object.fromEntries(
      AUDIO_LEVELS.filter((l) => l.name !== 'features' && l.name !== 'probs').map((l) => [l.name, filled(l.dim)]),
    );
    return { start, end, probs: filled(527), features: filled(384), extra };
  };

  it('hears the windows that end within the first 30 s, as training does', () => {
    // A 47 s file: windows every 5 s while they fit, then one aligned to the end.
    const windows = [0, 5, 10, 15, 20, 25, 30, 35]
      .map((start, i) => window(start, start + 10, i))
      .concat(window(37, 47, 100));
    expect(HEARD_SECONDS).toBe(30);
    expect(heardWindows(windows).map((w) => w.start)).toEqual([0, 5, 10, 15, 20]);
    const levels = fileLevels(windows);
    expect(levels[0]).toBe(2); // mean of 0..4
    expect(levels[AUDIO_LEVELS_SIZE - 1]).toBe(4); // max of the heard probabilities, not 100
    // A short file is heard whole.
    expect(Array.from(fileLevels([window(0, 3.5, 0.25)]))).toEqual(Array.from(windowLevels(window(0, 3.5, 0.25))));
  });

  it('refuses windows without the level outputs (the installed mn04 instead of mn04_levels)', () => {
    const plain = { start: 0, end: 10, probs: new Float32Array(527), features: new Float32Array(384) };
    expect(() => fileLevels([plain])).toThrow(/level_low/);
  });
});

// training/surgery.py on the real mn04 (installed from the shared mirror into a temp folder): the extra outputs
// must leave the logits and embedding exactly as the original graph computes them.
describe.skipIf(!hasSox || !hasOnnxPython)('mn04 graph surgery', () => {
  let dir: string;
  let surgered: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hark-levels-'));
    await installModel('efficientat-mn04-as', { mirror: SHARED, modelsDir: dir });
    surgered = join(dir, 'mn04_levels.onnx');
    const script = join(import.meta.dirname, '..', '..', '..', 'training', 'surgery.py');
    const run = spawnSync('/usr/bin/python3', [script, join(dir, 'efficientat-mn04-as', 'mn04_as.onnx'), surgered], {
      encoding: 'utf-8',
    });
    expect(run.status, run.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps logits and features identical to the original and adds the pooled levels', async () => {
    const clip = samples32k('drum_roll', dir);
    const window = new Float32Array(WINDOW_SAMPLES);
    fillWindow(clip, { start: 0, end: clip.length }, window);
    const spec = await (await cpuFrontEnd()).spectrogram(window, 1);
    const input = { spec: new ort.Tensor('float32', spec, [1, 1, MEL_BANDS, frameCount(WINDOW_SAMPLES)]) };
    const original = await ort.InferenceSession.create(join(dir, 'efficientat-mn04-as', 'mn04_as.onnx'));
    const levels = await ort.InferenceSession.create(surgered);
    const a = await original.run(input);
    const b = await levels.run(input);
    expect(Array.from(b.logits!.data as Float32Array)).toEqual(Array.from(a.logits!.data as Float32Array));
    expect(Array.from(b.features!.data as Float32Array)).toEqual(Array.from(a.features!.data as Float32Array));
    for (const level of AUDIO_LEVELS.filter((l) => !['features', 'probs'].includes(l.name))) {
      expect(b[level.name]!.dims).toEqual([1, level.dim]);
    }
    await original.release();
    await levels.release();
  });

  it('pools a long clip over its windows into one vector per file', async () => {
    const tagger = await createTagger({
      modelsDir: dir,
      encoder: levelsEncoder(surgered),
      provider: 'cpu',
      threads: 1,
    });
    const long = samples32k('ambi_lunar_land', dir); // ~8 s: one window
    const result = await tagger.tag(new Float32Array([...long, ...long, ...long])); // ~24 s: several windows
    expect(result.windows.length).toBeGreaterThan(2);
    const levels = fileLevels(result.windows);
    expect(levels).toHaveLength(AUDIO_LEVELS_SIZE);
    expect(levels.every(Number.isFinite)).toBe(true);
    // The probabilities inside the levels are the tagger's own (max over windows).
    expect(Array.from(levels.subarray(AUDIO_LEVELS_SIZE - 527))).toEqual(Array.from(result.maxProbs));
    await tagger.close();
  });

  it('pools the same audio for training (35 s decoded) as for the analysis pass (up to 20 min decoded)', async () => {
    // ~44 s at 44.1 kHz, so the decoder resamples and the cut at 35 s falls inside the audio.
    const path = join(dir, 'long.flac');
    const part = join(SONIC_PI, 'ambi_lunar_land.flac');
    execFileSync('sox', ['-V1', part, part, part, part, part, part, path]);
    const tagger = await createTagger({
      modelsDir: dir,
      encoder: levelsEncoder(surgered),
      provider: 'cpu',
      threads: 1,
    });
    try {
      const analysed = await decodeToMono(path, ANALYSIS_RATE, { maxSeconds: MAX_ANALYSED_SECONDS });
      const training = await decodeToMono(path, ANALYSIS_RATE, { maxSeconds: DECODED_SECONDS });
      expect(analysed.samples.length / ANALYSIS_RATE).toBeGreaterThan(40);
      expect(training.samples.length / ANALYSIS_RATE).toBeCloseTo(DECODED_SECONDS, 1);
      const served = await tagger.tag(analysed.samples);
      const trained = await tagger.tag(training.samples);
      expect(served.windows.length).toBeGreaterThan(trained.windows.length);
      expect(Array.from(fileLevels(trained.windows))).toEqual(Array.from(fileLevels(served.windows)));
      // ...and what is heard matters: pooling every window of the file gives other levels.
      expect(Array.from(poolLevels(served.windows.map(windowLevels)))).not.toEqual(
        Array.from(fileLevels(served.windows)),
      );
    } finally {
      await tagger.close();
    }
  });
});
