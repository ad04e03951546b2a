import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ascii, isFourCC, readU32BE, readU64LE } from '../../src-main/container/bytes';
import { makeTempDir, readBytes, soxTone } from '../audio/helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

describe('byte reads on a sox WAV header', () => {
  it('reads four-letter codes, and says nothing past the end', () => {
    const bytes = readBytes(soxTone(join(dir, 'tone.wav'), { seconds: 0.01 }));
    expect([ascii(bytes, 0, 4), ascii(bytes, 8, 4), ascii(bytes, 12, 4)]).toEqual(['RIFF', 'WAVE', 'fmt ']);
    expect(isFourCC(bytes, 12)).toBe(true);
    // Bytes 16-19 are the fmt chunk's size, 16: not printable.
    expect(isFourCC(bytes, 16)).toBe(false);
    expect(ascii(bytes, bytes.length - 2, 4)).toBe('');
    expect(isFourCC(bytes, bytes.length - 2)).toBe(false);
    expect(ascii(bytes, -1, 4)).toBe('');
  });

  it('reads wide integers the way DataView cannot', () => {
    const bytes = new Uint8Array([0x01, 0x02, 0x03, 0x04, 0x05, 0x00, 0x00, 0x00, 0xff]);
    expect(readU64LE(bytes, 0)).toBe(0x0504030201);
    expect(readU32BE(bytes, 0)).toBe(0x01020304);
    expect(readU32BE(bytes, 6)).toBeNull();
    const sizeOf5GiB = new Uint8Array(8);
    new DataView(sizeOf5GiB.buffer).setBigUint64(0, 5n * 2n ** 30n, true);
    expect(readU64LE(sizeOf5GiB, 0)).toBe(5 * 2 ** 30);
  });
});
