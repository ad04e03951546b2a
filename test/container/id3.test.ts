import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileReader } from '../../src-main/container/file-reader';
import { id3v2Length, readId3v2Header, readSyncsafe, skipId3v2, writeSyncsafe } from '../../src-main/container/id3';
import { parseMpegFrameHeader } from '../../src-main/container/mpeg';
import { concat, makeTempDir, readBytes, soxTone, writeBytes } from '../audio/helpers/fixtures';

let dir: string;
let cleanup: () => void;
let wav: string;
beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  wav = soxTone(join(dir, 'tone.wav'), { seconds: 0.2 });
});
afterAll(() => cleanup());

function lame(name: string, args: string[]): Uint8Array {
  const path = join(dir, name);
  execFileSync('lame', ['--quiet', ...args, wav, path]);
  return readBytes(path);
}

async function skipped(bytes: Uint8Array, name: string): Promise<number> {
  const reader = await openFileReader(writeBytes(join(dir, name), bytes));
  try {
    return await skipId3v2(reader);
  } finally {
    await reader.close();
  }
}

describe('ID3v2 tag headers, as lame writes them', () => {
  it('the tag ends where the first MPEG frame begins', () => {
    const mp3 = lame('tagged.mp3', ['--tt', 'Wind gust', '--add-id3v2']);
    const header = readId3v2Header(mp3)!;
    expect(header).toMatchObject({ major: 3, flags: 0 });
    expect(header.tagSize).toBe(10 + header.bodySize);
    expect(parseMpegFrameHeader(mp3, header.tagSize)).toMatchObject({ version: 1, layer: 3, sampleRate: 44100 });
    expect(id3v2Length(mp3)).toBe(header.tagSize);
  });

  it('a padded tag far longer than one read is skipped by its header alone', async () => {
    const mp3 = lame('padded.mp3', ['--tt', 'Pad', '--pad-id3v2-size', '100000']);
    const end = await skipped(mp3, 'padded-copy.mp3');
    expect(end).toBeGreaterThan(100_000);
    expect(parseMpegFrameHeader(mp3, end)).toMatchObject({ layer: 3 });
  });

  it('several tags in a row (legal, and some tools do it) are skipped together', async () => {
    const mp3 = lame('two.mp3', ['--tt', 'First', '--add-id3v2']);
    const first = readId3v2Header(mp3)!.tagSize;
    const twice = concat([mp3.subarray(0, first), mp3]);
    expect(id3v2Length(twice)).toBe(2 * first);
    expect(await skipped(twice, 'twice.mp3')).toBe(2 * first);
    expect(await skipped(readBytes(wav), 'plain.wav')).toBe(0);
  });

  it('counts a v2.4 footer, and refuses sizes that are not syncsafe', () => {
    const footer = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0x10, 0, 0, 0x01, 0x00]);
    expect(readId3v2Header(footer)).toEqual({ major: 4, flags: 0x10, bodySize: 128, tagSize: 10 + 128 + 10 });
    const notSyncsafe = new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0x80, 0]);
    expect(readId3v2Header(notSyncsafe)).toBeNull();
    expect(readId3v2Header(new Uint8Array([0x49, 0x44, 0x33, 3]))).toBeNull();
  });
});

describe('syncsafe integers', () => {
  it('round-trip seven bits a byte, and refuse what does not fit in 28 bits', () => {
    const bytes = new Uint8Array(4);
    for (const value of [0, 127, 128, 100_000, (1 << 28) - 1]) {
      writeSyncsafe(bytes, 0, value);
      expect(bytes.every((b) => b < 0x80)).toBe(true);
      expect(readSyncsafe(bytes, 0)).toBe(value);
    }
    writeSyncsafe(bytes, 0, 200_000);
    expect([...bytes]).toEqual([0x00, 0x0c, 0x1a, 0x40]);
    expect(() => writeSyncsafe(bytes, 0, 1 << 28)).toThrow(/too large/);
  });
});
