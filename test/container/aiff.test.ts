import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAiff, readExtended, type AiffLayout } from '../../src-main/container/aiff';
import { openFileReader } from '../../src-main/container/file-reader';
import { makeTempDir, readBytes, soxTone, writeBytes } from '../audio/helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

async function layoutOf(path: string): Promise<AiffLayout | null> {
  const reader = await openFileReader(path);
  try {
    return await readAiff(reader);
  } finally {
    await reader.close();
  }
}

/** Where the four-letter id `id` first stands in `bytes`. */
const find = (bytes: Uint8Array, id: string) => Buffer.from(bytes).indexOf(id, 12, 'latin1');

describe('readAiff on sox files', () => {
  it('AIFF: COMM fields and where the frames lie', async () => {
    const path = soxTone(join(dir, 'tone.aiff'), { rate: 22050, channels: 2, seconds: 0.1, format: ['-b', '24'] });
    const bytes = readBytes(path);
    const layout = await layoutOf(path);
    expect(layout).toEqual({
      form: 'AIFF',
      comm: { channels: 2, frames: 2205, bits: 24, sampleRate: 22050, compression: 'NONE' },
      // SSND: 8-byte chunk header, then offset and block size (4 bytes each), then the frames.
      sound: { offset: find(bytes, 'SSND') + 16, bytes: 2205 * 2 * 3 },
    });
  });

  it('AIFF-C: the compression type from COMM', async () => {
    const float = await layoutOf(
      soxTone(join(dir, 'float.aifc'), { seconds: 0.05, format: ['-t', 'aifc', '-e', 'floating-point', '-b', '32'] }),
    );
    expect(float).toMatchObject({ form: 'AIFC', comm: { compression: 'fl32', bits: 32 } });
    const plain = await layoutOf(
      soxTone(join(dir, 'plain.aifc'), { seconds: 0.05, format: ['-t', 'aifc', '-b', '16'] }),
    );
    expect(plain).toMatchObject({ form: 'AIFC', comm: { compression: 'NONE', bits: 16 } });
  });

  it('a recorder that never filled in the SSND size: the frames run to the end', async () => {
    const path = soxTone(join(dir, 'open.aiff'), { rate: 8000, seconds: 0.1 });
    const bytes = readBytes(path);
    new DataView(bytes.buffer).setUint32(find(bytes, 'SSND') + 4, 0, false);
    const layout = await layoutOf(writeBytes(join(dir, 'open-fixed.aiff'), bytes));
    expect(layout!.sound).toEqual({ offset: find(bytes, 'SSND') + 16, bytes: 800 * 2 });
  });

  it('marks a COMM chunk that is impossible and an SSND cut inside its header', async () => {
    const path = soxTone(join(dir, 'bad.aiff'), { rate: 8000, seconds: 0.1 });
    const bytes = readBytes(path);
    const comm = find(bytes, 'COMM');
    const zeroChannels = bytes.slice();
    zeroChannels.set([0, 0], comm + 8);
    expect((await layoutOf(writeBytes(join(dir, 'zero-channels.aiff'), zeroChannels)))!.comm).toBe('corrupt');
    const cut = bytes.subarray(0, find(bytes, 'SSND') + 8 + 4);
    expect((await layoutOf(writeBytes(join(dir, 'cut.aiff'), cut)))!.sound).toBe('cut');
  });

  it('answers null for anything but an AIFF or AIFF-C form', async () => {
    expect(await layoutOf(soxTone(join(dir, 'not.wav'), { seconds: 0.01 }))).toBeNull();
  });
});

describe('80-bit extended sample rates', () => {
  for (const rate of [8000, 11025, 22050, 44100, 48000, 96000, 192000]) {
    it(`${rate} Hz, as sox writes it`, async () => {
      const path = soxTone(join(dir, `r${rate}.aiff`), { rate, seconds: 0.05 });
      const bytes = readBytes(path);
      const comm = String.fromCharCode(...bytes).indexOf('COMM');
      expect(readExtended(bytes, comm + 8 + 8)).toBe(rate);
    });
  }

  it('fractional and zero values', () => {
    // 0x400E 0xAC44000000000000 = 44100; 0x3FFF 0x8000000000000000 = 1; 0x3FFE 0xC000000000000000 = 0.75
    const cases: Array<[number[], number]> = [
      [[0x40, 0x0e, 0xac, 0x44, 0, 0, 0, 0, 0, 0], 44100],
      [[0x3f, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0], 1],
      [[0x3f, 0xfe, 0xc0, 0, 0, 0, 0, 0, 0, 0], 0.75],
      [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0],
    ];
    for (const [bytes, value] of cases) expect(readExtended(new Uint8Array(bytes), 0)).toBe(value);
  });
});
