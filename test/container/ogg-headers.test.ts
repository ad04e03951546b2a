import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileReader } from '../../src-main/container/file-reader';
import { pageCrc } from '../../src-main/container/ogg';
import { OggUnsupported, readOggHeaders, type OggHeaders } from '../../src-main/container/ogg-headers';
import { makeTempDir, soxTone, writeBytes } from '../audio/helpers/fixtures';
import { readOgg } from '../metadata/helpers/ogg';

let dir: string;
let cleanup: () => void;
let wav: string;
beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  wav = soxTone(join(dir, 'tone.wav'), { rate: 48000, channels: 2, seconds: 1 });
  execFileSync('oggenc', ['-Q', '-c', 'DESCRIPTION=Fridge hum', wav, '-o', join(dir, 'tone.ogg')]);
  execFileSync('opusenc', ['--quiet', wav, join(dir, 'tone.opus')]);
});
afterAll(() => cleanup());

async function headersOf(path: string, start: number, packets: number): Promise<OggHeaders> {
  const reader = await openFileReader(path);
  try {
    return await readOggHeaders(reader, start, packets);
  } finally {
    await reader.close();
  }
}

describe('readOggHeaders', () => {
  for (const [file, count, starts] of [
    ['tone.ogg', 3, ['\x01vorbis', '\x03vorbis', '\x05vorbis']],
    ['tone.opus', 2, ['OpusHead', 'OpusTags']],
  ] as const) {
    it(`${file}: the header packets and the pages that carry them, as an independent reader sees them`, async () => {
      const path = join(dir, file);
      const expected = readOgg(path, count);
      const headers = await headersOf(path, 0, count);
      expect(headers.packets.map((p) => p.toString('latin1', 0, starts[0].length))).toEqual(starts);
      expect(headers.packets).toEqual(expected.packets.slice(0, count).map((p) => p.data));
      expect(headers.serial).toBe(expected.pages[0]!.serial);
      expect(headers.firstPage).toEqual({ offset: 0, size: expected.pages[0]!.bytes.length });
      expect(headers.headerPages.map((p) => p.offset)).toEqual(
        expected.pages.slice(1, expected.headerPages).map((p) => p.offset),
      );
      expect(headers.audioOffset).toBe(expected.audioPages[0]!.offset);
    });
  }

  it('refuses a damaged page, a stream cut inside its headers, and a second stream among the headers', async () => {
    const bytes = readFileSync(join(dir, 'tone.ogg'));
    const { pages } = readOgg(join(dir, 'tone.ogg'), 3);
    const damaged = Buffer.from(bytes);
    damaged[pages[1]!.offset + 40] = damaged[pages[1]!.offset + 40]! ^ 0xff;
    await expect(headersOf(writeBytes(join(dir, 'damaged.ogg'), damaged), 0, 3)).rejects.toThrow(
      new RegExp(`the Ogg page at byte ${pages[1]!.offset} fails its checksum`),
    );
    await expect(
      headersOf(writeBytes(join(dir, 'cut.ogg'), bytes.subarray(0, pages[1]!.offset + 50)), 0, 3),
    ).rejects.toThrow(/ends inside/);
    // The second page given another serial number (and the CRC that goes with it): a multiplexed file.
    const other = Buffer.from(bytes);
    const second = pages[1]!;
    other.writeUInt32LE(second.serial + 1, second.offset + 14);
    other.writeUInt32LE(
      pageCrc(other.subarray(second.offset, second.offset + second.bytes.length)),
      second.offset + 22,
    );
    const error = await headersOf(writeBytes(join(dir, 'multiplexed.ogg'), other), 0, 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OggUnsupported);
    expect((error as Error).message).toMatch(/several Ogg streams/);
  });
});
