import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hark } from '../../src-main/app/hark';
import type { IndexProgress } from '../../src-main/api/contract';
import { openTestCore, waitFor } from '../helpers/open-core';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

describe('Indexer', () => {
  const tempDir = useTempDirs();
  let core: Hark | null = null;
  afterEach(() => core?.close());

  async function library(files: number, seconds = 2) {
    const dir = tempDir();
    const root = join(dir, 'lib');
    mkdirSync(root);
    for (let i = 0; i < files; i++) tone(root, `t${i}.wav`, { seconds, freq: 200 + 50 * i });
    core = await openTestCore(dir);
    await core.addRoot({ path: root });
    return core;
  }

  it('analyses a single file (fewer files than worker lanes)', async () => {
    const hark = await library(1);
    const result = await hark.indexNow();
    expect(result).toMatchObject({ analysed: 1, failed: 0, cancelled: false });
    expect((await hark.getInfo()).analysed).toBe(1);
  });

  it('pauses and resumes, reporting the paused phase and the final count', async () => {
    const hark = await library(4);
    const phases: IndexProgress['phase'][] = [];
    let paused = false;
    hark.onEvent((event) => {
      if (event.type !== 'progress') return;
      phases.push(event.progress.phase);
      // Pause the moment analysis starts, before any file is taken (listeners run synchronously).
      if (event.progress.phase === 'analysis' && !paused) {
        paused = true;
        void hark.pauseIndexing();
      }
    });
    const run = hark.indexNow();
    await waitFor(() => paused, 20_000);
    // Paused before any file was taken: nothing in hand, so paused at once.
    expect((await hark.getProgress()).phase).toBe('paused');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await hark.getProgress()).filesDone).toBe(0);
    await hark.resumeIndexing();
    const result = await run;
    expect(result.analysed).toBe(4);
    expect(phases).toContain('paused');
    expect(phases.at(-1)).toBe('done');
  });

  it('says pausing while the files in hand finish and paused once none runs, the count then standing still', async () => {
    const hark = await library(24, 6);
    const phases: IndexProgress['phase'][] = [];
    hark.onEvent((event) => {
      if (event.type === 'progress') phases.push(event.progress.phase);
    });
    const run = hark.indexNow();
    // Mid-analysis: a file done, the other lanes holding theirs.
    await waitFor(async () => (await hark.getProgress()).filesDone >= 1 && phases.at(-1) === 'analysis', 20_000);
    await hark.pauseIndexing();
    await waitFor(async () => (await hark.getProgress()).phase === 'paused', 20_000);
    const stood = (await hark.getProgress()).filesDone;
    expect(stood).toBeLessThan(24);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await hark.getProgress()).filesDone).toBe(stood);
    // Asked to pause with files in hand: "pausing" first, then "paused".
    expect(phases.indexOf('pausing')).toBeGreaterThanOrEqual(0);
    expect(phases.indexOf('pausing')).toBeLessThan(phases.indexOf('paused'));
    await hark.resumeIndexing();
    // The rate is measured afresh: until a file is done after the pause there is no time left to state (a rate
    // counted over the pause once said "about 9 s left" where 1.6 s were).
    expect((await hark.getProgress()).etaSeconds).toBeNull();
    expect((await run).analysed).toBe(24);
  });

  it('stops on cancel and leaves the rest for the next run', async () => {
    const hark = await library(6);
    let cancelled = false;
    hark.onEvent((event) => {
      if (event.type === 'progress' && event.progress.phase === 'analysis' && !cancelled) {
        cancelled = true;
        void hark.cancelIndexing();
      }
    });
    const result = await hark.indexNow();
    expect(result.cancelled).toBe(true);
    expect(result.analysed).toBe(0);
    expect((await hark.getProgress()).phase).toBe('cancelled');
    const next = await hark.indexNow();
    expect(next.analysed).toBe(6);
  });
});
