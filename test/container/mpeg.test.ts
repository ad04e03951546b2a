import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readId3v2Header } from '../../src-main/container/id3';
import { findMpegFrame, isMpegFrameAt, mpegTotalSamples, parseMpegFrameHeader } from '../../src-main/container/mpeg';
import { concat, makeTempDir, readBytes, soxTone } from '../audio/helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

function lame(name: string, wavOptions: Parameters<typeof soxTone>[1], args: string[]): Uint8Array {
  const wav = soxTone(join(dir, `${name}.wav`), wavOptions);
  const path = join(dir, name);
  execFileSync('lame', ['--quiet', ...args, wav, path]);
  return readBytes(path);
}

describe('MPEG frame headers from lame', () => {
  const cases: Array<[string, Parameters<typeof soxTone>[1], string[], object]> = [
    [
      'cbr128.mp3',
      { rate: 44100, channels: 2, seconds: 0.5 },
      ['-b', '128'],
      { version: 1, layer: 3, bitrate: 128, sampleRate: 44100, channels: 2, samplesPerFrame: 1152 },
    ],
    [
      'mono.mp3',
      { rate: 44100, channels: 1, seconds: 0.5 },
      ['-m', 'm', '-b', '64'],
      { version: 1, channels: 1, bitrate: 64 },
    ],
    [
      'mpeg2.mp3',
      { rate: 22050, channels: 1, seconds: 0.5 },
      ['-b', '32'],
      { version: 2, layer: 3, sampleRate: 22050, samplesPerFrame: 576 },
    ],
    ['mpeg25.mp3', { rate: 8000, channels: 1, seconds: 0.5 }, ['-b', '16'], { version: 2.5, sampleRate: 8000 }],
  ];
  for (const [name, wav, args, expected] of cases) {
    it(name, () => {
      const mp3 = lame(name, wav, args);
      const header = parseMpegFrameHeader(mp3, 0);
      expect(header).toMatchObject(expected);
      // Frames follow each other at exactly frameLength (plus a padding byte where the header says so).
      const second = parseMpegFrameHeader(mp3, header!.frameLength);
      expect(second).toMatchObject({ version: header!.version, layer: 3, sampleRate: header!.sampleRate });
      expect(isMpegFrameAt(mp3, 0)).toEqual(header);
    });
  }
});

describe('finding MPEG audio', () => {
  it('past leading junk, and not in random bytes even where a lone header-like word stands near the end', () => {
    const mp3 = lame('junk.mp3', { seconds: 0.3 }, ['-b', '128']);
    expect(findMpegFrame(concat([new Uint8Array(300).fill(0x20), mp3]), 0)).toBe(300);
    let seed = 7;
    const random = Uint8Array.from(
      { length: 20_000 },
      () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff,
    );
    // A valid MPEG-1 layer III header 100 bytes from the end: alone, with no second frame to confirm it.
    random.set([0xff, 0xfb, 0x90, 0x64], random.length - 100);
    expect(parseMpegFrameHeader(random, random.length - 100)).not.toBeNull();
    expect(findMpegFrame(random, 0)).toBe(-1);
    // At the start of what was read a lone frame is accepted: a file too short for two.
    expect(findMpegFrame(random, random.length - 100)).toBe(random.length - 100);
  });

  it('refuses free-format, reserved and random headers', () => {
    expect(parseMpegFrameHeader(new Uint8Array([0xff, 0xfb, 0x00, 0x64]), 0)).toBeNull(); // bitrate index 0 (free format)
    expect(parseMpegFrameHeader(new Uint8Array([0xff, 0xfb, 0x9c, 0x64]), 0)).toBeNull(); // sample rate index 3
    expect(parseMpegFrameHeader(new Uint8Array([0xff, 0xfb, 0x90, 0x66]), 0)).toBeNull(); // reserved emphasis
    expect(parseMpegFrameHeader(new Uint8Array([0xff, 0xf3, 0x90]), 0)).toBeNull(); // too short
  });
});

describe('mpegTotalSamples', () => {
  it("gives the exact length from lame's Xing/LAME tag, encoder delay and padding removed", () => {
    for (const [name, args] of [
      ['vbr.mp3', ['-V', '2']],
      ['cbr.mp3', ['-b', '192']],
    ] as const) {
      const mp3 = lame(name, { rate: 44100, seconds: 1.25 }, [...args]);
      const header = parseMpegFrameHeader(mp3, 0)!;
      expect(mpegTotalSamples(mp3.subarray(0, header.frameLength), header)).toBe(1.25 * 44100);
    }
  });

  it('is null without a Xing tag (lame -t), and finds the tag behind an ID3 tag too', () => {
    const plain = lame('notag.mp3', { seconds: 0.5 }, ['-t', '-b', '128']);
    const header = parseMpegFrameHeader(plain, 0)!;
    expect(mpegTotalSamples(plain.subarray(0, header.frameLength), header)).toBeNull();
    const tagged = lame('id3.mp3', { seconds: 0.5 }, ['--tt', 'Title', '--add-id3v2']);
    const start = readId3v2Header(tagged)!.tagSize;
    const first = parseMpegFrameHeader(tagged, start)!;
    expect(mpegTotalSamples(tagged.subarray(start, start + first.frameLength), first)).toBe(0.5 * 44100);
  });
});
