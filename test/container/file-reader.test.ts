import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileReadError, openFileReader } from '../../src-main/container/file-reader';
import { makeTempDir, SONIC_PI } from '../audio/helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

const sample = join(SONIC_PI, 'bd_haus.flac');

describe('openFileReader', () => {
  it('reads byte ranges equal to the file, shorter only at its end', async () => {
    const whole = readFileSync(sample);
    const reader = await openFileReader(sample);
    try {
      expect(reader.size).toBe(whole.length);
      expect((await reader.readAt(0, 4)).toString('latin1')).toBe('fLaC');
      expect((await reader.readAt(1000, 777)).equals(whole.subarray(1000, 1777))).toBe(true);
      expect((await reader.readAt(whole.length - 10, 100)).equals(whole.subarray(whole.length - 10))).toBe(true);
      expect((await reader.readAt(whole.length + 5, 10)).length).toBe(0);
      const target = new Uint8Array(64);
      expect(await reader.readInto(whole.length - 20, target)).toBe(20);
      expect(Buffer.from(target.subarray(0, 20)).equals(whole.subarray(whole.length - 20))).toBe(true);
    } finally {
      await reader.close();
    }
  });

  it('says why a file cannot be read, in words and by system code', async () => {
    const missing = await openFileReader(join(dir, 'nothing.wav')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(FileReadError);
    expect(missing).toMatchObject({ reason: 'file not found', code: 'ENOENT', path: join(dir, 'nothing.wav') });
    mkdirSync(join(dir, 'folder.wav'));
    await expect(openFileReader(join(dir, 'folder.wav'))).rejects.toMatchObject({ reason: 'is a folder, not a file' });
  });

  it("throws the caller's own error type when given one", async () => {
    class Mine extends Error {}
    const error = await openFileReader(
      join(dir, 'gone.flac'),
      (reason, path, code) => new Mine(`${reason} (${code}) ${path}`),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Mine);
    expect((error as Error).message).toBe(`file not found (ENOENT) ${join(dir, 'gone.flac')}`);
  });
});
