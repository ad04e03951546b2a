import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installModel } from '../../src-main/ml/model-manager';
import { createTagger, type Tagger } from '../../src-main/ml/tagger';
import { readAudioSetClasses } from '../../src-main/ml/text/label-sources';
import { hasSox, samples32k, SHARED } from './helpers';

// The real mn04 model, installed from the shared mirror into a temp models folder (4.4 MB copy).
describe.skipIf(!hasSox)('tagger (mn04 on real clips)', () => {
  let dir: string;
  let tagger: Tagger;
  let names: string[];
  const top = (probs: Float32Array, n: number) =>
    Array.from(probs)
      .map((p, i) => [p, i] as const)
      .sort((a, b) => b[0] - a[0])
      .slice(0, n)
      .map(([, i]) => names[i]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hark-tagger-'));
    await installModel('efficientat-mn04-as', { mirror: SHARED, modelsDir: dir });
    await installModel('audioset', { mirror: SHARED, modelsDir: dir });
    names = readAudioSetClasses(join(dir, 'audioset')).map((c) => c.name);
    tagger = await createTagger({ modelsDir: dir, provider: 'cpu', threads: 1, batchSize: 4 });
  });
  afterAll(async () => {
    await tagger?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hears drums in a drum roll, cymbals in a cymbal, a burp in a burp', async () => {
    const [roll, cymbal, burp] = await tagger.tagMany(
      ['drum_roll', 'drum_cymbal_open', 'misc_burp'].map((name) => samples32k(name, dir)),
    );
    if (!roll || !cymbal || !burp) throw new Error('tagMany gave fewer clips than files');
    expect(top(roll.probs, 3)).toEqual(expect.arrayContaining(['Drum', 'Drum roll']));
    expect(top(cymbal.probs, 3)).toEqual(expect.arrayContaining(['Cymbal']));
    expect(top(burp.probs, 1)).toEqual(['Burping, eructation']);
    for (const clip of [roll, cymbal, burp]) {
      expect(clip.windows).toHaveLength(1);
      expect(clip.features).toHaveLength(384);
      expect(clip.probs).toHaveLength(527);
      expect(clip.probs.every((p) => p > 0 && p < 1)).toBe(true);
    }
    expect(roll.windows[0]!.start).toBe(0);
    expect(roll.windows[0]!.end).toBeCloseTo(6.24, 1);
  });

  it('cuts a 25 s file into four overlapping windows and pools them', async () => {
    const amen = samples32k('loop_amen', dir);
    const long = new Float32Array(25 * 32_000);
    for (let i = 0; i < long.length; i += amen.length)
      long.set(amen.subarray(0, Math.min(amen.length, long.length - i)), i);
    const clip = await tagger.tag(long);
    expect(clip.windows.map((w) => [w.start, w.end])).toEqual([
      [0, 10],
      [5, 15],
      [10, 20],
      [15, 25],
    ]);
    for (const window of clip.windows) expect(top(window.probs, 3)).toContain('Drum');
    const drum = names.indexOf('Drum');
    if (drum < 0) throw new Error('no "Drum" among the AudioSet class names');
    const mean = clip.windows.reduce((sum, w) => sum + w.probs[drum]!, 0) / 4;
    expect(clip.probs[drum]).toBeCloseTo(mean, 6);
    expect(clip.maxProbs[drum]).toBe(Math.max(...clip.windows.map((w) => w.probs[drum]!)));
    expect(clip.features[7]).toBeCloseTo(clip.windows.reduce((sum, w) => sum + w.features[7]!, 0) / 4, 5);

    // One window per run: four pipelined runs must give the same windows, in order.
    const oneByOne = await createTagger({ modelsDir: dir, provider: 'cpu', threads: 1, batchSize: 1 });
    try {
      const again = await oneByOne.tag(long);
      expect(again.windows.map((w) => w.start)).toEqual([0, 5, 10, 15]);
      again.windows.forEach((w, i) =>
        expect(Math.abs(w.probs[drum]! - clip.windows[i]!.probs[drum]!)).toBeLessThan(1e-4),
      );
    } finally {
      await oneByOne.close();
    }
  });

  it('gives the same answer whether a window runs alone or in a batch', async () => {
    const bell = samples32k('perc_bell', dir);
    const alone = await tagger.tag(bell);
    const [, batched] = await tagger.tagMany([samples32k('drum_roll', dir), bell, samples32k('ambi_choir', dir)]);
    if (!batched) throw new Error('tagMany gave fewer clips than files');
    let maxDiff = 0;
    for (let c = 0; c < 527; c++) maxDiff = Math.max(maxDiff, Math.abs(alone.probs[c]! - batched.probs[c]!));
    expect(maxDiff).toBeLessThan(1e-4);
    expect(top(alone.probs, 1)).toEqual(['Ding']);
  });

  it('refuses to open without an installed model, with the manager message', async () => {
    await expect(createTagger({ modelsDir: join(dir, 'empty') })).rejects.toThrow(
      /not installed.*hark models install efficientat-mn04-as/,
    );
  });
});
