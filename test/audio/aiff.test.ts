import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFile, decodeToMono } from '../../src-main/audio/decode';
import {
  channel,
  interleave,
  makeTempDir,
  maxDifference,
  readBytes,
  soxSamples,
  soxTone,
  toneAmplitude,
  writeBytes,
} from './helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

describe('AIFF and AIFF-C from sox, equal to what sox decodes', () => {
  const variants: Array<[string, string, string[]]> = [
    ['AIFF 8-bit', 'aiff', ['-b', '8']],
    ['AIFF 16-bit', 'aiff', ['-b', '16']],
    ['AIFF 24-bit', 'aiff', ['-b', '24']],
    ['AIFF 32-bit', 'aiff', ['-b', '32']],
    ['AIFC NONE 16-bit', 'aifc', ['-b', '16']],
    ['AIFC fl32', 'aifc', ['-e', 'floating-point', '-b', '32']],
    ['AIFC fl64', 'aifc', ['-e', 'floating-point', '-b', '64']],
  ];
  for (const [name, type, format] of variants) {
    it(name, async () => {
      const path = soxTone(join(dir, `${name.replace(/\W/g, '')}.${type}`), {
        rate: 11025,
        channels: 2,
        seconds: 0.5,
        format: ['-t', type, ...format],
      });
      const audio = await decodeFile(path);
      expect(audio.format).toBe('aiff');
      expect(audio.sampleRate).toBe(11025);
      expect(audio.channels).toHaveLength(2);
      // Up to 24 bits every value is exact in float32; 32-bit int and 64-bit float differ from sox by rounding.
      expect(maxDifference(interleave(audio.channels), soxSamples(path))).toBeLessThanOrEqual(1e-7);
    });
  }

  it('AIFC sowt (little-endian, as Apple writes 16-bit AIFC)', async () => {
    const path = soxTone(join(dir, 'be.aifc'), { rate: 48000, seconds: 0.25, format: ['-t', 'aifc', '-b', '16'] });
    // sox writes 'NONE'; rewrite the same frames little-endian under 'sowt' to get a real sowt file.
    const bytes = readBytes(path);
    const text = String.fromCharCode(...bytes);
    const comm = text.indexOf('NONE');
    const ssnd = text.indexOf('SSND');
    expect(comm).toBeGreaterThan(0);
    bytes.set([0x73, 0x6f, 0x77, 0x74], comm);
    for (let i = ssnd + 16; i + 1 < bytes.length; i += 2) [bytes[i], bytes[i + 1]] = [bytes[i + 1]!, bytes[i]!];
    const audio = await decodeFile(writeBytes(join(dir, 'sowt.aifc'), bytes));
    expect(maxDifference(channel(audio), soxSamples(path))).toBe(0);
  });

  it('stops at a truncated SSND with a reason', async () => {
    const path = soxTone(join(dir, 'whole.aiff'), { seconds: 0.5 });
    const bytes = readBytes(path);
    await expect(
      decodeFile(writeBytes(join(dir, 'cut.aiff'), bytes.subarray(0, bytes.length / 2))),
    ).rejects.toMatchObject({
      reason: expect.stringMatching(/^truncated AIFF sound data/),
    });
  });
});

describe('AIFF at the classic Macintosh rates (22254.5454 and 11127.2727 Hz)', () => {
  for (const rate of [22254.5454, 11127.2727]) {
    it(`${rate} Hz decodes, and resamples to 32 kHz by the exact ratio`, async () => {
      const path = soxTone(join(dir, `mac-${Math.round(rate)}.aiff`), { rate, seconds: 1, format: ['-b', '16'] });
      const audio = await decodeFile(path);
      expect(audio.sampleRate).toBeCloseTo(rate, 3);
      expect(maxDifference(channel(audio), soxSamples(path))).toBe(0);
      const mono = await decodeToMono(path, 32000);
      const frames = channel(audio).length;
      expect(mono.duration).toBeCloseTo(frames / rate, 9);
      // 32000 / (244800/11) = 220/153, and twice that from 122400/11.
      const up = rate > 20000 ? 220 : 440;
      expect(mono.samples.length).toBe(Math.ceil((frames * up) / 153));
      expect(toneAmplitude(mono.samples, 1000, 32000)).toBeCloseTo(0.5, 2);
    });
  }
});
