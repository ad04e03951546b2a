import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExtended } from '../../src-main/container/aiff';
import { makeTempDir, readBytes, soxTone } from '../audio/helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

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
