import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { analyseFile } from '../../src-main/library/analyse-file';
import { AnalysisFailure, createAnalysisPool, type AnalysisPool } from '../../src-main/library/analysis-pool';
import type { WorkerInit } from '../../src-main/library/analysis-protocol';
import { sonicPi, tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// The bundled worker (`npm run build`); from the TypeScript sources the pool falls back to this thread.
const WORKER = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'analysis-worker.js'));

describe('analysis pool', () => {
  const tempDir = useTempDirs();
  const pools: AnalysisPool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
  });

  function fixtures() {
    const dir = tempDir();
    const files = [
      tone(dir, 'a.wav', { seconds: 1, freq: 220 }),
      tone(dir, 'b.wav', { seconds: 0.3, freq: 880, channels: 2 }),
      sonicPi(dir, 'bd_haus.flac'),
      sonicPi(dir, 'sn_dolf.flac'),
      tone(dir, 'c.flac', { seconds: 0.7, freq: 440 }),
    ];
    const bad = join(dir, 'bad.wav');
    writeFileSync(bad, Buffer.from('RIFF\x10\x00\x00\x00WAVEjunkjunkjunk', 'latin1'));
    const init: WorkerInit = {
      modelsDir: join(dir, 'no-models'),
      modelId: null,
      extension: null,
      provider: 'cpu',
      threads: 1,
    };
    return { files, bad, init };
  }

  function pool(init: WorkerInit, workers: number, url?: URL) {
    const made = createAnalysisPool(init, workers, url);
    pools.push(made);
    return made;
  }

  it('analyses in this thread with no workers, with the stage of each failure', async () => {
    const { files, bad, init } = fixtures();
    const local = pool(init, 0, WORKER);
    expect(local.size).toBe(1);
    expect(await local.provider()).toBe('none');
    expect(await local.problem()).toBeUndefined();
    expect(await local.analyse(files[0]!)).toEqual(await analyseFile(files[0]!, null));
    const failure = await local.analyse(bad).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AnalysisFailure);
    expect(failure).toMatchObject({ stage: 'decode', message: expect.stringMatching(/truncated|chunk/i) });
  });

  it('falls back to this thread when the worker script is not there', async () => {
    const { files, init } = fixtures();
    const fallback = pool(init, 4, pathToFileURL(join(tempDir(), 'no-such-worker.js')));
    expect(fallback.size).toBe(1);
    expect((await fallback.analyse(files[2]!)).duration).toBeCloseTo(0.22, 2);
  });

  it('spreads files over worker threads and gives the same results as analysing them here', async () => {
    expect(existsSync(WORKER), 'dist/analysis-worker.js: run npm run build').toBe(true);
    const { files, bad, init } = fixtures();
    const threaded = pool(init, 2, WORKER);
    expect(threaded.size).toBe(2);
    expect(await threaded.provider()).toBe('none');
    const [results, failure] = await Promise.all([
      Promise.all(files.map((file) => threaded.analyse(file))),
      threaded.analyse(bad).catch((e: unknown) => e),
    ]);
    const expected = await Promise.all(files.map((file) => analyseFile(file, null)));
    expect(results.map((r) => ({ ...r, peaks: Array.from(r.peaks) }))).toEqual(
      expected.map((r) => ({ ...r, peaks: Array.from(r.peaks) })),
    );
    expect(failure).toBeInstanceOf(AnalysisFailure);
    expect(failure).toMatchObject({ stage: 'decode', message: expect.stringMatching(/truncated|chunk/i) });
  });

  it('reports a model that cannot be opened as a problem and still analyses the audio', async () => {
    const { files, init } = fixtures();
    const local = pool({ ...init, modelId: 'efficientat-mn04-as' }, 0);
    expect(await local.provider()).toBe('none');
    expect(await local.problem()).toMatch(/efficientat-mn04-as\) is not installed \(looked in .*no-models/);
    expect((await local.analyse(files[1]!)).probs).toBeNull();
  });
});
