import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHarkTempName } from '../../src-main/metadata/temp-files';
import { runHark, startHark } from '../helpers/cli';
import { useTempDirs } from '../helpers/temp';
import { audioHash } from './helpers/fixtures';

const DATA_BYTES = 192 << 20; // big enough that a write takes long enough to be killed halfway

/** A 16-bit stereo 48 kHz WAV of DATA_BYTES of varied samples, written without holding it all in memory twice. */
function bigWav(path: string): void {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + DATA_BYTES, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(48000, 24);
  header.writeUInt32LE(48000 * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(DATA_BYTES, 40);
  const block = randomBytes(1 << 20);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    for (let written = 0; written < DATA_BYTES; written += block.length) writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const litter = (dir: string) => readdirSync(dir).filter(isHarkTempName);

/** Starts `hark meta set` and kills it (-9) once its temp copy is a few MB along; returns the temp file's name. */
async function killMidWrite(dbPath: string, file: string, description: string): Promise<string> {
  const dir = join(file, '..');
  const child = startHark(['--db', dbPath, 'meta', 'set', file, '--description', description]);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const sizeOf = (name: string) => statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0;
  const started = Date.now();
  // Polled often: the copy itself takes well under a second.
  while (!litter(dir).some((name) => sizeOf(name) > 4 << 20)) {
    if (Date.now() - started > 30_000) throw new Error('the write never started');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  child.kill('SIGKILL');
  await exited;
  const left = litter(dir);
  expect(left).toHaveLength(1); // the kill came before the rename: the litter this test is about
  return left[0]!;
}

describe('a metadata write killed with -9', () => {
  const tempDir = useTempDirs();

  it('leaves the file bit-identical, and its temp copy is removed by the next write or index run', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    const dbPath = join(dir, 'library.db');
    mkdirSync(library);
    const file = join(library, 'door.wav');
    bigWav(file);
    const original = sha256(file);
    const audio = audioHash(file);

    // Killed: the original is untouched, a full-size hidden copy is left beside it.
    const first = await killMidWrite(dbPath, file, 'Door slam, oak');
    expect(sha256(file)).toBe(original);
    expect(first).toMatch(/^\.door\.wav\.hark-[0-9a-f]{6}-\d+-[0-9a-f]{8}\.tmp$/);

    // The next write to the folder removes it, and writes.
    const written = await runHark(['--db', dbPath, 'meta', 'set', file, '--description', 'Door slam, oak']);
    expect(written.code).toBe(0);
    expect(litter(library)).toEqual([]);
    expect(audioHash(file)).toBe(audio);
    const afterWrite = sha256(file);
    expect(afterWrite).not.toBe(original);

    // Killed again: this time the next index run over the folder cleans up.
    await killMidWrite(dbPath, file, 'Door slam, pine');
    expect(sha256(file)).toBe(afterWrite);
    expect((await runHark(['--db', dbPath, 'add', library])).code).toBe(0);
    const indexed = await runHark(['--db', dbPath, 'index', '--no-analyse']);
    expect(indexed.code).toBe(0);
    expect(indexed.stdout).toContain('Catalogue: 1 files (1 new');
    expect(readdirSync(library)).toEqual(['door.wav']);
    expect(sha256(file)).toBe(afterWrite);
    expect(audioHash(file)).toBe(audio);
  }, 120_000);
});
