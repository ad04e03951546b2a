import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEL_BANDS } from '../../src-main/ml/efficientat';
import { createLogMelFrontEnd, MIN_FRONTEND_SAMPLES, type LogMelFrontEnd } from '../../src-main/ml/log-mel';
import { hasSox, hasTorch, readFloat32, samples32k } from './helpers';

const REFERENCE = join(import.meta.dirname, '..', '..', 'scripts', 'reference', 'efficientat_frontend_reference.py');

if (!hasTorch)
  console.warn(
    'log-mel parity skipped: /usr/bin/python3 cannot import torch and numpy (apt-get install python3-torch python3-numpy)',
  );

function zeroPadded(samples: Float32Array, length: number): Float32Array {
  const out = new Float32Array(length);
  out.set(samples.subarray(0, length));
  return out;
}

function fullScaleNoise(length: number): Float32Array {
  let state = 12345;
  return new Float32Array(length).map(() => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state / 2 ** 31 - 1;
  });
}

describe('log-mel front-end', () => {
  let dir: string;
  let frontEnd: LogMelFrontEnd;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hark-logmel-'));
    frontEnd = await createLogMelFrontEnd();
  });
  afterAll(async () => {
    await frontEnd?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes 1000 frames of 128 bands for a 10 s window, as mn04 expects', async () => {
    expect(frontEnd.frames(320_000)).toBe(1000);
    const out = await frontEnd.compute(new Float32Array(320_000));
    expect(out.length).toBe(MEL_BANDS * 1000);
    // Silence: every band sits at the log floor, (ln(1e-5) + 4.5) / 5.
    expect(out[12345]).toBeCloseTo((Math.log(1e-5) + 4.5) / 5, 5);
  });

  it('refuses inputs too short to reflect-pad', async () => {
    await expect(frontEnd.compute(new Float32Array(MIN_FRONTEND_SAMPLES - 1))).rejects.toThrow(RangeError);
  });

  it.skipIf(!hasTorch || !hasSox)('matches the independent torch reference on real clips within 1e-3', async () => {
    const clips = {
      roll: samples32k('drum_roll', dir), // 6.2 s drum roll: loud broadband hits
      choir: samples32k('ambi_choir', dir), // 1.6 s tonal, quiet high bands
      padded: zeroPadded(samples32k('bd_haus', dir), 320_000), // kick + silence to 10 s, the tagger's case
      noise: fullScaleNoise(64_000), // the loudest input there is: the logarithm's top of range
    };
    const pairs: string[] = [];
    for (const [name, samples] of Object.entries(clips)) {
      writeFileSync(join(dir, `${name}.in.f32`), samples);
      pairs.push(join(dir, `${name}.in.f32`), join(dir, `${name}.ref.f32`));
    }
    execFileSync('/usr/bin/python3', [REFERENCE, ...pairs]);
    for (const [name, samples] of Object.entries(clips)) {
      const reference = readFloat32(join(dir, `${name}.ref.f32`));
      const ours = await frontEnd.compute(samples);
      expect(ours.length, name).toBe(reference.length);
      let maxError = 0;
      for (let i = 0; i < ours.length; i++) maxError = Math.max(maxError, Math.abs(ours[i]! - reference[i]!));
      expect(maxError, `${name}: max abs error`).toBeLessThan(1e-3);
    }
    expect(clips.padded.length).toBe(320_000);
  });

  it('is what its WebAssembly source assembles to', () => {
    execFileSync(process.execPath, [
      join(import.meta.dirname, '..', '..', 'scripts', 'generate-kernels.mjs'),
      '--check',
    ]);
  });

  it('computes a batch as each input alone', async () => {
    const a = new Float32Array(32_000).map((_, i) => Math.sin(i / 7));
    const b = new Float32Array(32_000).map((_, i) => (Math.sin(i / 3) * (i % 100)) / 100);
    const both = new Float32Array(64_000);
    both.set(a);
    both.set(b, 32_000);
    const batch = await frontEnd.computeBatch(both, 2);
    const slot = MEL_BANDS * frontEnd.frames(32_000);
    expect(batch.length).toBe(2 * slot);
    expect(Array.from(batch.subarray(0, slot))).toEqual(Array.from(await frontEnd.compute(a)));
    expect(Array.from(batch.subarray(slot))).toEqual(Array.from(await frontEnd.compute(b)));
    await expect(frontEnd.computeBatch(both.subarray(1), 2)).rejects.toThrow(/equal inputs/);
  });
});
