import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src-main/audio/decode';
import { decodePeaks } from '../../src-main/audio/peaks';
import {
  ANALYSIS_RATE,
  AnalysisError,
  analyseFile,
  failureStage,
  type ClipTags,
  type Tagger,
} from '../../src-main/library/analyse-file';
import { sonicPi, tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

/** Records what it was given and answers with fixed tags: the model's part without the model. */
function recordingTagger() {
  const seen: Float32Array[] = [];
  const tags: ClipTags = {
    windows: [{ start: 0, end: 1, probs: Float32Array.from([0.1, 0.9]), features: Float32Array.from([1, 2, 3]) }],
    probs: Float32Array.from([0.2, 0.8]),
    maxProbs: Float32Array.from([0.3, 0.9]),
    features: Float32Array.from([4, 5, 6]),
  };
  const tagger: Tagger = {
    async tag(samples) {
      seen.push(samples);
      return tags;
    },
  };
  return { tagger, seen, tags };
}

describe('analyseFile', () => {
  const tempDir = useTempDirs();

  it('decodes to 32 kHz mono and stores waveform peaks; without a tagger there are no tags', async () => {
    const path = tone(tempDir(), 'tone.wav', { seconds: 1, rate: 44100, channels: 2 });
    const analysis = await analyseFile(path, null);
    expect(analysis.duration).toBeCloseTo(1, 3);
    expect(analysis).toMatchObject({
      probs: null,
      maxProbs: null,
      features: null,
      extension: null,
      windows: [],
      peaksRate: 100,
    });
    const peaks = decodePeaks(analysis.peaks);
    expect(peaks.rate).toBe(100);
    expect(peaks.data).toHaveLength(200);
    expect(Math.max(...peaks.data)).toBeCloseTo(0.5, 1);
    expect(Math.min(...peaks.data)).toBeCloseTo(-0.5, 1);
  });

  it('hands the tagger the whole mono 32 kHz signal and keeps its tags, windows without their features', async () => {
    const path = sonicPi(tempDir(), 'bd_haus.flac');
    const { tagger, seen, tags } = recordingTagger();
    const analysis = await analyseFile(path, tagger);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.length).toBeCloseTo(analysis.duration * ANALYSIS_RATE, -1);
    expect(analysis).toMatchObject({
      probs: tags.probs,
      maxProbs: tags.maxProbs,
      features: tags.features,
      extension: null,
    });
    expect(analysis.windows).toEqual([{ start: 0, end: 1, probs: tags.windows[0]!.probs }]);
  });

  it('does not call the tagger for a file with no samples', async () => {
    const path = join(tempDir(), 'silent.wav');
    execFileSync('sox', ['-n', '-r', '32000', '-c', '1', '-b', '16', path, 'trim', '0', '0']);
    const { tagger, seen } = recordingTagger();
    const analysis = await analyseFile(path, tagger);
    expect(seen).toEqual([]);
    expect(analysis).toMatchObject({ duration: 0, probs: null });
    expect(decodePeaks(analysis.peaks).data).toHaveLength(0);
  });

  it('tells a model failure (retried later) from bad audio (the file’s fault)', async () => {
    const dir = tempDir();
    const failing: Tagger = { tag: async () => Promise.reject(new Error('session lost')) };
    const modelError = await analyseFile(tone(dir, 'fine.wav'), failing).catch((e: unknown) => e);
    expect(modelError).toBeInstanceOf(AnalysisError);
    expect((modelError as AnalysisError).message).toBe('session lost');
    expect(failureStage(modelError)).toBe('analysis');

    const bad = join(dir, 'bad.wav');
    writeFileSync(bad, Buffer.from('RIFF\x10\x00\x00\x00WAVEjunkjunkjunk', 'latin1'));
    const decodeError = await analyseFile(bad, null).catch((e: unknown) => e);
    expect(decodeError).toBeInstanceOf(DecodeError);
    expect(failureStage(decodeError)).toBe('decode');
    expect(failureStage(new Error('anything else'))).toBe('analysis');
  });
});
