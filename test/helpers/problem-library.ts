import { mkdirSync, rmSync, symlinkSync, copyFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runHark } from './cli';
import { tone } from './sounds';

export const BROKEN_FILES = 1100;
export const RAIN_FILES = 800;
/** Both are symbolic links to themselves: the scan meets ELOOP and records it. */
export const LOOPS = ['loop.wav', join('sub', 'again')];

export interface ProblemLibrary {
  dir: string;
  library: string;
  db: string;
  env: Record<string, string>;
  remove(): void;
}

/**
 * A catalogued library with more than a thousand problems: BROKEN_FILES tiny WAVs that are only a RIFF header and
 * junk, two symbolic link loops, and RAIN_FILES copies of one real tone, so that listings and exports run well past
 * a pipe's 64 KiB.
 */
export async function problemLibrary(): Promise<ProblemLibrary> {
  const dir = mkdtempSync(join(tmpdir(), 'hark-test-'));
  const library = join(dir, 'library');
  mkdirSync(join(library, 'sub'), { recursive: true });
  const junk = Buffer.from('RIFF\x10\x00\x00\x00WAVEjunkjunkjunk', 'latin1');
  for (let i = 1; i <= BROKEN_FILES; i++)
    writeFileSync(join(library, `broken_${String(i).padStart(4, '0')}.wav`), junk);
  const rain = tone(dir, 'rain.wav', { seconds: 0.1 });
  for (let i = 1; i <= RAIN_FILES; i++) copyFileSync(rain, join(library, `rain_${String(i).padStart(4, '0')}.wav`));
  for (const loop of LOOPS) symlinkSync(join(library, loop), join(library, loop));
  const env = { HARK_MODELS_DIR: join(dir, 'models') };
  mkdirSync(env.HARK_MODELS_DIR);
  const db = join(dir, 'library.db');
  expect((await runHark(['--db', db, 'add', library], env)).code).toBe(0);
  expect((await runHark(['--db', db, 'index', '--no-analyse'], env)).code).toBe(0);
  return { dir, library, db, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
