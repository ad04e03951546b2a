import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hark } from '../../src-main/app/hark';
import { detailLevel } from '../../src-main/app/detail-peaks';
import { encodeWav } from '../../src-main/audio/wav-encode';
import { openTestCore } from '../helpers/open-core';
import { useTempDirs } from '../helpers/temp';

const RATE = 48000;
/** The one loud sample of the click file: 0.50025 s in, between two overview pairs' worth of resolution. */
const CLICK_SAMPLE = 24012;

function clickFile(dir: string): void {
  const samples = new Float32Array(RATE); // one second of silence...
  samples[CLICK_SAMPLE] = 0.9; // ...and a single-sample click
  writeFileSync(join(dir, 'click.wav'), encodeWav([samples], RATE, 'int16'));
}

/** Index of the pair holding the loudest maximum. */
const loudestPair = (data: number[]) => {
  let best = 0;
  for (let p = 0; p < data.length / 2; p++) if (data[2 * p + 1]! > data[2 * best + 1]!) best = p;
  return best;
};

describe('finer waveform levels for zooming in', () => {
  const tempDir = useTempDirs();
  let core: Hark | null = null;
  afterEach(() => core?.close());

  async function library() {
    const dir = tempDir();
    const root = join(dir, 'lib');
    mkdirSync(root);
    clickFile(root);
    execFileSync('sox', ['-n', '-r', '8000', join(root, 'long.wav'), 'synth', '601', 'sine', '100', 'vol', '0.1']);
    core = await openTestCore(dir);
    await core.addRoot({ path: root });
    await core.indexNow(true);
    const ids = new Map((await core.search({ text: '', limit: 10 })).hits.map((hit) => [hit.name, hit.id]));
    return { core, click: ids.get('click.wav')!, long: ids.get('long.wav')! };
  }

  it('places a one-sample click to within a pair of the finest level, where the overview blurs it over 10 ms', async () => {
    const { core, click } = await library();
    const overview = await core.getPeaks({ fileId: click });
    expect(overview.rate).toBe(100);
    expect(loudestPair(overview.data)).toBe(50); // 0.50-0.51 s

    const fine = await core.getPeaks({ fileId: click, rate: 3000 });
    expect(fine.rate).toBe(3200);
    expect(fine.data).toHaveLength(2 * 3200);
    const pair = loudestPair(fine.data);
    expect(pair).toBe(Math.floor((CLICK_SAMPLE / RATE) * 3200)); // 1600.8 -> pair 1600
    expect(fine.data[2 * pair + 1]).toBeCloseTo(0.9, 3); // the click's own level, not an average
    expect(fine.data[2 * (pair + 2) + 1]).toBe(0); // and silence either side
    expect(fine.data[2 * (pair - 2) + 1]).toBe(0);

    // A density at or below the overview's gets the overview itself.
    expect((await core.getPeaks({ fileId: click, rate: 50 })).rate).toBe(100);
    expect((await core.getPeaks({ fileId: click, rate: 250 })).rate).toBe(400);
  });

  it('keeps the overview for files past ten minutes', async () => {
    const { core, long } = await library();
    const peaks = await core.getPeaks({ fileId: long, rate: 3200 });
    expect(peaks.rate).toBeLessThan(100);
    expect(peaks.data.length).toBeLessThanOrEqual(2 * 8000);
  });

  it('rounds a wanted density up to the next level, capped at the finest', () => {
    expect([1, 200, 201, 1000, 3200, 10_000].map(detailLevel)).toEqual([200, 200, 400, 1600, 3200, 3200]);
  });
});
