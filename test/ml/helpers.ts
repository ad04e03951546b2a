// Shared by the test/ml suites: real audio fixtures made with sox from Debian's CC0 sonic-pi samples.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SONIC_PI = '/usr/share/sonic-pi/samples';
export const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared');

/** Decodes a sonic-pi sample to 32 kHz mono float32 with sox (optionally padded/trimmed), returns the samples. */
export function samples32k(name: string, dir: string, soxEffects: string[] = []): Float32Array {
  const out = join(dir, `${name}.f32`);
  execFileSync('sox', [
    '-V1',
    join(SONIC_PI, `${name}.flac`),
    '-t',
    'f32',
    '-r',
    '32000',
    '-c',
    '1',
    out,
    ...soxEffects,
  ]);
  return readFloat32(out);
}

export function readFloat32(path: string): Float32Array {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4).slice();
}

export const hasSox = spawnSync('sox', ['--version']).status === 0 && existsSync(SONIC_PI);
export const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch, numpy']).status === 0;
