import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWaveFormat, WAVE_CODECS } from '../../src-main/container/wave-format';
import { buildWav, makeTempDir, readBytes, soxTone } from '../audio/helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

/** The fmt chunk body of a file whose first chunk is fmt (sox's always is). */
function fmtBody(bytes: Uint8Array): Uint8Array {
  const size = new DataView(bytes.buffer, bytes.byteOffset).getUint32(16, true);
  return bytes.subarray(20, 20 + size);
}

describe('parseWaveFormat on the fmt chunks sox writes', () => {
  const cases: Array<[string, string[], number, object]> = [
    [
      '16-bit PCM',
      ['-b', '16'],
      2,
      { formatTag: 0x0001, bitsPerSample: 16, validBits: 16, blockAlign: 4, byteRate: 4 * 22050 },
    ],
    ['32-bit float', ['-b', '32', '-e', 'floating-point'], 2, { formatTag: 0x0003, bitsPerSample: 32, blockAlign: 8 }],
    // More than two channels or more than 16 bits: sox writes WAVE_FORMAT_EXTENSIBLE, the real tag in the GUID.
    [
      '24-bit PCM, 4 channels (extensible)',
      ['-b', '24'],
      4,
      { formatTag: 0x0001, bitsPerSample: 24, validBits: 24, blockAlign: 12 },
    ],
    ['A-law', ['-e', 'a-law'], 1, { formatTag: 0x0006, bitsPerSample: 8, blockAlign: 1 }],
    ['µ-law', ['-e', 'u-law'], 1, { formatTag: 0x0007, bitsPerSample: 8 }],
    ['MS ADPCM', ['-e', 'ms-adpcm'], 1, { formatTag: 0x0002, bitsPerSample: 4 }],
  ];
  for (const [name, format, channels, expected] of cases) {
    it(name, () => {
      const path = soxTone(join(dir, `${name.replace(/\W/g, '')}.wav`), {
        rate: 22050,
        channels,
        seconds: 0.05,
        format,
      });
      const parsed = parseWaveFormat(fmtBody(readBytes(path)));
      expect(parsed).toMatchObject({ channels, sampleRate: 22050, extensibleCut: false, ...expected });
    });
  }
});

describe('parseWaveFormat on what sox does not write', () => {
  it('takes the valid bits of an extensible chunk as the bit depth (20 of 24)', () => {
    const bytes = buildWav({ extensible: true, bitsPerSample: 24, channels: 2, data: new Uint8Array(6) });
    new DataView(bytes.buffer).setUint16(20 + 18, 20, true);
    expect(parseWaveFormat(fmtBody(bytes))).toMatchObject({ formatTag: 1, bitsPerSample: 24, validBits: 20 });
  });

  it('marks an extensible chunk too short for its sub-format, and refuses a chunk shorter than 16 bytes', () => {
    const bytes = buildWav({ extensible: true, data: new Uint8Array(2) });
    expect(parseWaveFormat(fmtBody(bytes).subarray(0, 18))).toMatchObject({ formatTag: 0xfffe, extensibleCut: true });
    expect(parseWaveFormat(fmtBody(bytes).subarray(0, 15))).toBeNull();
  });

  it('names the format tags: catalogue ids where the catalogue has them, readable names for refusals', () => {
    expect(WAVE_CODECS[0x0001]).toEqual({ id: 'pcm-int', name: 'PCM' });
    expect(WAVE_CODECS[0x0011]).toEqual({ id: 'adpcm-ima', name: 'IMA ADPCM' });
    expect(WAVE_CODECS[0x0031]).toEqual({ name: 'GSM 6.10' });
    expect(WAVE_CODECS[0x1234]).toBeUndefined();
  });
});
