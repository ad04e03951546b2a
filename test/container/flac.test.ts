import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileReader } from '../../src-main/container/file-reader';
import {
  blockHeader,
  parseStreamInfo,
  readFlacLayout,
  readStreamInfo,
  type FlacLayout,
} from '../../src-main/container/flac';
import { concat, makeTempDir, readBytes, SONIC_PI, writeBytes } from '../audio/helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

const metaflac = (args: string[]) => execFileSync('metaflac', args, { encoding: 'utf8' });

async function layoutOf(path: string, start = 0): Promise<FlacLayout> {
  const reader = await openFileReader(path);
  try {
    return await readFlacLayout(reader, start);
  } finally {
    await reader.close();
  }
}

describe('readFlacLayout', () => {
  for (const sample of ['bd_haus.flac', 'ambi_choir.flac', 'elec_ping.flac']) {
    it(`lists the metadata blocks of ${sample} as metaflac does`, async () => {
      const path = join(SONIC_PI, sample);
      const listed = [...metaflac(['--list', path]).matchAll(/type: (\d+) .*\n.*\n\s+length: (\d+)/g)].map((m) => [
        Number(m[1]),
        Number(m[2]),
      ]);
      const layout = await layoutOf(path);
      expect(layout.blocks.map((b) => [b.type, b.size])).toEqual(listed);
      expect(layout.blocks[0]!.offset).toBe(4);
      const last = layout.blocks[layout.blocks.length - 1]!;
      expect(layout.audioOffset).toBe(last.offset + 4 + last.size);
      // A FLAC frame starts with the sync code 0xFFF8 (fixed block size) or 0xFFF9.
      const frame = readFileSync(path).subarray(layout.audioOffset, layout.audioOffset + 2);
      expect(frame[0]).toBe(0xff);
      expect(frame[1]! & 0xfe).toBe(0xf8);
    });
  }

  it('finds the stream behind an ID3 tag', async () => {
    const tag = new Uint8Array(10 + 50);
    tag.set([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 50]);
    const path = writeBytes(join(dir, 'tagged.flac'), concat([tag, readBytes(join(SONIC_PI, 'bd_haus.flac'))]));
    const layout = await layoutOf(path, 60);
    expect(layout.start).toBe(60);
    expect(layout.blocks[0]).toEqual({ type: 0, offset: 64, size: 34 });
  });

  it('says what is damaged', async () => {
    const bytes = readBytes(join(SONIC_PI, 'bd_haus.flac'));
    await expect(layoutOf(writeBytes(join(dir, 'cut.flac'), bytes.subarray(0, 100)))).rejects.toThrow(
      /claims \d+ bytes past the end/,
    );
    await expect(layoutOf(writeBytes(join(dir, 'tiny.flac'), bytes.subarray(0, 6)))).rejects.toThrow(
      /ends inside the FLAC metadata/,
    );
    const noInfo = bytes.slice();
    noInfo[4] = (noInfo[4]! & 0x80) | 1; // first block called PADDING
    await expect(layoutOf(writeBytes(join(dir, 'noinfo.flac'), noInfo))).rejects.toThrow(
      /does not start with STREAMINFO/,
    );
    await expect(layoutOf(join(SONIC_PI, 'bd_haus.flac'), 1)).rejects.toThrow(/not a FLAC stream/);
  });
});

describe('STREAMINFO', () => {
  for (const sample of ['bd_haus.flac', 'ambi_choir.flac', 'loop_amen.flac']) {
    it(`${sample}: rate, channels, bits and length as metaflac reads them`, () => {
      const path = join(SONIC_PI, sample);
      const [sampleRate, channels, bitsPerSample, totalSamples] = metaflac([
        '--show-sample-rate',
        '--show-channels',
        '--show-bps',
        '--show-total-samples',
        path,
      ])
        .trim()
        .split('\n')
        .map(Number);
      expect(readStreamInfo(readBytes(path), 0)).toEqual({ sampleRate, channels, bitsPerSample, totalSamples });
    });
  }

  it('is null where there is no STREAMINFO, for a short body and for rate 0', () => {
    const bytes = readBytes(join(SONIC_PI, 'bd_haus.flac'));
    expect(readStreamInfo(bytes, 1)).toBeNull();
    expect(parseStreamInfo(bytes.subarray(0, 30), 8)).toBeNull();
    const zeroRate = bytes.slice(0, 42);
    zeroRate.fill(0, 8 + 10, 8 + 13);
    expect(parseStreamInfo(zeroRate, 8)).toBeNull();
  });
});

describe('blockHeader', () => {
  it('writes the headers readFlacLayout reads back', () => {
    expect([...blockHeader(4, 0x012345, false)]).toEqual([0x04, 0x01, 0x23, 0x45]);
    expect([...blockHeader(1, 8192, true)]).toEqual([0x81, 0x00, 0x20, 0x00]);
    expect(() => blockHeader(4, 1 << 24, true)).toThrow(/too large/);
  });
});
