import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFile, DecodeError } from '../../src-main/audio/decode';
import {
  buildWav,
  channel,
  int16Bytes,
  interleave,
  makeTempDir,
  maxDifference,
  readBytes,
  soxSamples,
  soxTone,
  writeBytes,
} from './helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

describe('WAV from sox, every sample format, equal to what sox decodes', () => {
  const variants: Array<[string, string[]]> = [
    ['8-bit unsigned', ['-b', '8', '-e', 'unsigned-integer']],
    ['16-bit', ['-b', '16']],
    ['24-bit', ['-b', '24']],
    ['32-bit int', ['-b', '32', '-e', 'signed-integer']],
    ['32-bit float', ['-b', '32', '-e', 'floating-point']],
    ['64-bit float', ['-b', '64', '-e', 'floating-point']],
    ['A-law', ['-e', 'a-law']],
    ['µ-law', ['-e', 'u-law']],
  ];
  for (const [name, format] of variants) {
    it(name, async () => {
      const path = soxTone(join(dir, `${name.replace(/\W/g, '')}.wav`), {
        rate: 22050,
        channels: 2,
        seconds: 0.5,
        format,
      });
      const audio = await decodeFile(path);
      expect(audio.format).toBe('wav');
      expect(audio.sampleRate).toBe(22050);
      expect(audio.channels).toHaveLength(2);
      expect(audio.channels[0]!.length).toBe(11025);
      const expected = soxSamples(path);
      const actual = interleave(audio.channels);
      // G.711 expansion tables may differ from sox's by the last bit of 16-bit; PCM and float are exact.
      const tolerance = format.includes('a-law') || format.includes('u-law') ? 2 / 32768 : 1e-7;
      expect(maxDifference(actual, expected)).toBeLessThanOrEqual(tolerance);
    });
  }

  it('WAVE_FORMAT_EXTENSIBLE as sox writes it for 24-bit multichannel', async () => {
    const path = soxTone(join(dir, 'ext.wav'), { channels: 4, seconds: 0.25, format: ['-b', '24'] });
    expect(new DataView(readBytes(path).buffer).getUint16(20, true)).toBe(0xfffe);
    const audio = await decodeFile(path);
    expect(audio.channels).toHaveLength(4);
    expect(maxDifference(interleave(audio.channels), soxSamples(path))).toBe(0);
  });

  it('refuses ADPCM with a reason that names the codec', async () => {
    const path = soxTone(join(dir, 'adpcm.wav'), { seconds: 0.2, format: ['-e', 'ms-adpcm'] });
    await expect(decodeFile(path)).rejects.toMatchObject({
      reason: expect.stringMatching(/unsupported codec: MS ADPCM/),
    });
  });
});

describe('WAV variants from our own writer', () => {
  const values = [0, 1, -1, 32767, -32768, 1000, -1000, 12345];
  const expected = values.map((v) => v / 32768);

  async function decodeBytes(name: string, bytes: Uint8Array) {
    return decodeFile(writeBytes(join(dir, name), bytes));
  }

  it('decodes exact 16-bit values', async () => {
    const audio = await decodeBytes('plain.wav', buildWav({ data: int16Bytes(values) }));
    expect(Array.from(channel(audio))).toEqual(expected);
  });

  for (const riff of ['RF64', 'BW64'] as const) {
    it(`${riff} with a ds64 chunk and 0xFFFFFFFF sizes`, async () => {
      const audio = await decodeBytes(`${riff}.wav`, buildWav({ riff, channels: 2, data: int16Bytes(values) }));
      expect(audio.channels).toHaveLength(2);
      expect(Array.from(audio.channels[0]!)).toEqual(expected.filter((_, i) => i % 2 === 0));
      expect(Array.from(audio.channels[1]!)).toEqual(expected.filter((_, i) => i % 2 === 1));
    });
  }

  it('extensible float 32-bit from our writer', async () => {
    const floats = new Float32Array([0.25, -0.5, 0.75, -1]);
    const bytes = new Uint8Array(floats.buffer);
    const audio = await decodeBytes(
      'extf.wav',
      buildWav({ extensible: true, formatTag: 3, bitsPerSample: 32, data: bytes }),
    );
    expect(Array.from(channel(audio))).toEqual([0.25, -0.5, 0.75, -1]);
  });

  it('skips odd-sized chunks with their pad byte', async () => {
    const bext = { id: 'bext', body: new Uint8Array(601).fill(65) };
    const audio = await decodeBytes('odd.wav', buildWav({ data: int16Bytes(values), extraChunks: [bext] }));
    expect(Array.from(channel(audio))).toEqual(expected);
  });

  it('follows writers that forgot the pad byte after an odd-sized chunk', async () => {
    const junk = { id: 'LIST', body: new Uint8Array(33).fill(0x61), omitPad: true };
    const audio = await decodeBytes('nopad.wav', buildWav({ data: int16Bytes(values), extraChunks: [junk] }));
    expect(Array.from(channel(audio))).toEqual(expected);
  });

  for (const size of [0, 0xffffffff]) {
    it(`reads to the end of the file when a crashed recorder left data size ${size.toString(16)}`, async () => {
      const audio = await decodeBytes(`crash${size}.wav`, buildWav({ data: int16Bytes(values), dataSizeField: size }));
      expect(Array.from(channel(audio))).toEqual(expected);
    });
  }

  it('finds fmt after data', async () => {
    const audio = await decodeBytes('late-fmt.wav', buildWav({ data: int16Bytes(values), fmtAfterData: true }));
    expect(Array.from(channel(audio))).toEqual(expected);
  });

  it('gives a truncated data chunk a reason', async () => {
    const whole = buildWav({ data: int16Bytes(new Array(1000).fill(5)) });
    const error = await decodeBytes('cut.wav', whole.subarray(0, 500)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).reason).toMatch(/^truncated WAV data chunk/);
  });

  it('names a missing fmt chunk', async () => {
    const bytes = buildWav({ data: int16Bytes(values) });
    bytes.set([0x78, 0x78, 0x78, 0x78], 12); // rename "fmt " so it is skipped as an unknown chunk
    await expect(decodeBytes('nofmt.wav', bytes)).rejects.toMatchObject({ reason: 'WAV has no fmt chunk' });
  });

  it('stops at maxSeconds', async () => {
    const audio = await decodeFile(soxTone(join(dir, 'long.wav'), { rate: 8000, seconds: 3 }), { maxSeconds: 1.5 });
    expect(channel(audio).length).toBe(12000);
  });
});
