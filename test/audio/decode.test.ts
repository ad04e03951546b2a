import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFile, decodeToMono, DecodeError } from '../../src-main/audio/decode';
import { toMono } from '../../src-main/audio/mono';
import { resample } from '../../src-main/audio/resample';
import {
  buildWav,
  channel,
  concat,
  int16Bytes,
  interleave,
  makeTempDir,
  maxDifference,
  readBytes,
  run,
  SONIC_PI,
  soxSamples,
  soxTone,
  toneAmplitude,
  writeBytes,
} from './helpers/fixtures';

let dir: string;
let cleanup: () => void;
let wav: string;
let monoWav: string;
const SECONDS = 2;
const FREQUENCY = 1000;
const AMPLITUDE = 0.5;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  wav = soxTone(join(dir, 'tone.wav'), { channels: 2, seconds: SECONDS, frequency: FREQUENCY, volume: AMPLITUDE });
  monoWav = soxTone(join(dir, 'mono.wav'), { channels: 1, seconds: SECONDS, frequency: FREQUENCY, volume: AMPLITUDE });
  run('flac', ['-s', '-f', '-o', join(dir, 'tone.flac'), wav]);
  run('flac', ['-s', '-f', '--ogg', '-o', join(dir, 'tone.oga'), wav]);
  run('lame', ['--quiet', '-b', '192', wav, join(dir, 'tone.mp3')]);
  run('lame', ['--quiet', monoWav, join(dir, 'mono.mp3')]);
  run('oggenc', ['-Q', wav, '-o', join(dir, 'tone.ogg')]);
  run('opusenc', ['--quiet', wav, join(dir, 'tone.opus')]);
});
afterAll(() => cleanup());

const dB = (ratio: number) => 20 * Math.log10(ratio);

describe('compressed formats decode to the tone that went in', () => {
  const cases: Array<[string, string, number, number, number]> = [
    // file, format, sample rate, channels, allowed level error in dB
    ['tone.flac', 'flac', 44100, 2, 0.001],
    ['tone.oga', 'flac', 44100, 2, 0.001],
    ['tone.mp3', 'mp3', 44100, 2, 0.5],
    ['mono.mp3', 'mp3', 44100, 1, 0.5],
    ['tone.ogg', 'ogg', 44100, 2, 0.5],
    ['tone.opus', 'opus', 48000, 2, 0.5],
  ];
  for (const [file, format, sampleRate, channels, tolerance] of cases) {
    it(file, async () => {
      const audio = await decodeFile(join(dir, file));
      expect(audio.format).toBe(format);
      expect(audio.sampleRate).toBe(sampleRate);
      expect(audio.channels).toHaveLength(channels);
      // Gapless decoding (LAME tag, Opus pre-skip, Vorbis granules) gives the exact length back.
      expect(audio.channels[0]!.length / sampleRate).toBeCloseTo(SECONDS, 3);
      for (const channel of audio.channels) {
        expect(Math.abs(dB(toneAmplitude(channel, FREQUENCY, sampleRate) / AMPLITUDE))).toBeLessThan(tolerance);
      }
    });
  }

  it('FLAC is lossless: samples equal the WAV it was made from (native and Ogg FLAC)', async () => {
    const source = await decodeFile(wav);
    for (const file of ['tone.flac', 'tone.oga']) {
      const flac = await decodeFile(join(dir, file));
      expect(maxDifference(interleave(flac.channels), interleave(source.channels)), file).toBe(0);
    }
  });

  it('24-bit FLAC equals its 24-bit WAV to the last bit or one', async () => {
    const wav24 = soxTone(join(dir, 'tone24.wav'), { seconds: 0.5, volume: 0.99, format: ['-b', '24'] });
    run('flac', ['-s', '-f', '-o', join(dir, 'tone24.flac'), wav24]);
    const [flac, source] = await Promise.all([decodeFile(join(dir, 'tone24.flac')), decodeFile(wav24)]);
    expect(maxDifference(channel(flac), channel(source))).toBeLessThanOrEqual(1 / 2 ** 23);
  });

  it('decodes an MP3 named .wav as MP3', async () => {
    const renamed = join(dir, 'really-an-mp3.wav');
    copyFileSync(join(dir, 'tone.mp3'), renamed);
    const audio = await decodeFile(renamed);
    expect(audio.format).toBe('mp3');
    expect(channel(audio).length).toBe(SECONDS * 44100);
  });

  it('decodes an MP3 behind a large ID3 tag (cover art bigger than the sniffed head)', async () => {
    const tag = new Uint8Array(10 + 200_000);
    tag.set([0x49, 0x44, 0x33, 3, 0, 0, 0, (200_000 >> 14) & 0x7f, (200_000 >> 7) & 0x7f, 200_000 & 0x7f]);
    const path = writeBytes(join(dir, 'big-tag.mp3'), concat([tag, readBytes(join(dir, 'tone.mp3'))]));
    const audio = await decodeFile(path);
    expect(channel(audio).length).toBe(SECONDS * 44100);
  });

  it('stops at maxSeconds', async () => {
    const audio = await decodeFile(join(dir, 'tone.ogg'), { maxSeconds: 0.5 });
    expect(channel(audio).length).toBe(22050);
  });
});

describe('real recordings (sonic-pi samples, CC0)', () => {
  for (const name of ['drum_cymbal_open.flac', 'ambi_choir.flac']) {
    it(`${name} equals what sox decodes`, async () => {
      const path = join(dir, name);
      copyFileSync(join(SONIC_PI, name), path);
      const audio = await decodeFile(path);
      expect(audio.format).toBe('flac');
      expect(maxDifference(interleave(audio.channels), soxSamples(path))).toBe(0);
    });
  }
});

describe('bad input gives a DecodeError with a reason', () => {
  async function reasonFor(path: string): Promise<string> {
    const error = await decodeFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    return (error as DecodeError).reason;
  }

  it('zero-byte file', async () => {
    expect(await reasonFor(writeBytes(join(dir, 'empty.wav'), new Uint8Array(0)))).toBe('empty file');
  });

  it('random bytes named .wav', async () => {
    let seed = 7;
    const random = Uint8Array.from(
      { length: 20000 },
      () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff,
    );
    expect(await reasonFor(writeBytes(join(dir, 'random.wav'), random))).toBe('not an audio file');
  });

  it('truncated WAV', async () => {
    const bytes = readBytes(wav);
    expect(await reasonFor(writeBytes(join(dir, 'cut.wav'), bytes.subarray(0, 5000)))).toMatch(
      /^truncated WAV data chunk/,
    );
  });

  it('missing file and folder', async () => {
    expect(await reasonFor(join(dir, 'nothing-here.wav'))).toBe('file not found');
    mkdirSync(join(dir, 'folder.wav'));
    expect(await reasonFor(join(dir, 'folder.wav'))).toBe('is a folder, not a file');
  });

  it('ID3 tag and nothing else', async () => {
    const tag = new Uint8Array(10 + 20);
    tag.set([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 20]);
    expect(await reasonFor(writeBytes(join(dir, 'tag-only.mp3'), tag))).toMatch(/^not an audio file/);
  });

  it('FLAC header followed by garbage', async () => {
    const flac = readBytes(join(dir, 'tone.flac'));
    const broken = flac.slice(0, 8192);
    broken.fill(0x5a, 200);
    expect(await reasonFor(writeBytes(join(dir, 'broken.flac'), broken))).toMatch(/corrupt FLAC data/);
  });

  it('WAV declaring an absurd sample rate (2^31 - 1 Hz): refused before anything is sized by it', async () => {
    const path = writeBytes(
      join(dir, 'absurd-rate.wav'),
      buildWav({ sampleRate: 2 ** 31 - 1, data: int16Bytes(Array.from({ length: 4000 }, (_, i) => i)) }),
    );
    const reason = 'unsupported sample rate: 2147483647 Hz (Hark decodes up to 2000000 Hz)';
    expect(await reasonFor(path)).toBe(reason);
    const error = await decodeToMono(path, 32000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).reason).toBe(reason);
  });

  it('M4A with AAC, named by its codec', async () => {
    expect(await reasonFor(writeBytes(join(dir, 'song.m4a'), minimalMp4('mp4a')))).toBe('unsupported codec: AAC');
    expect(await reasonFor(writeBytes(join(dir, 'lossless.m4a'), minimalMp4('alac')))).toBe('unsupported codec: ALAC');
  });

  it('WAV with a codec we do not decode', async () => {
    const path = soxTone(join(dir, 'ima.wav'), { seconds: 0.2, format: ['-e', 'ima-adpcm'] });
    expect(await reasonFor(path)).toMatch(/^unsupported codec: IMA ADPCM/);
  });

  it('a truncated MP3 decodes what is there', async () => {
    const mp3 = readBytes(join(dir, 'tone.mp3'));
    const audio = await decodeFile(writeBytes(join(dir, 'half.mp3'), mp3.subarray(0, mp3.length >> 1)));
    expect(channel(audio).length / 44100).toBeGreaterThan(0.8);
    expect(channel(audio).length / 44100).toBeLessThan(1.2);
  });
});

describe('decodeToMono', () => {
  it('mixes down and resamples to 32 kHz, keeping the tone', async () => {
    const mono = await decodeToMono(wav, 32000);
    expect(mono).toMatchObject({ sampleRate: 32000, sourceRate: 44100, channels: 2, duration: SECONDS });
    expect(mono.samples.length).toBe(Math.ceil((SECONDS * 44100 * 32000) / 44100));
    expect(Math.abs(dB(toneAmplitude(mono.samples, FREQUENCY, 32000) / AMPLITUDE))).toBeLessThan(0.01);
  });

  for (const file of ['tone.wav', 'tone.flac', 'tone.mp3', 'tone.ogg', 'tone.opus']) {
    it(`${file}: maxSeconds cuts the samples, duration is still the whole file's`, async () => {
      const mono = await decodeToMono(join(dir, file), 32000, { maxSeconds: 0.5 });
      expect(mono.samples.length).toBe(16000);
      expect(mono.duration).toBeCloseTo(SECONDS, 2);
    });
  }

  it('duration of an MP3 without a Xing tag is estimated from its bit rate', async () => {
    run('lame', ['--quiet', '-t', '-b', '128', wav, join(dir, 'notag.mp3')]);
    const mono = await decodeToMono(join(dir, 'notag.mp3'), 32000, { maxSeconds: 0.25 });
    expect(Math.abs(mono.duration - SECONDS)).toBeLessThan(0.05);
  });

  it('duration of a FLAC without a total in STREAMINFO is counted by decoding', async () => {
    const bytes = readBytes(join(dir, 'tone.flac')).slice();
    // STREAMINFO body starts at 8; total samples are the low 4 bits of byte 13 and bytes 14-17.
    bytes[8 + 13]! &= 0xf0;
    bytes.fill(0, 8 + 14, 8 + 18);
    const mono = await decodeToMono(writeBytes(join(dir, 'nototal.flac'), bytes), 32000, { maxSeconds: 0.25 });
    expect(mono.samples.length).toBe(8000);
    expect(mono.duration).toBeCloseTo(SECONDS, 3);
  });

  // decodeToMono takes shortcuts (PCM bytes straight to mono in reused blocks, the FLAC rescale folded into the
  // mixdown, output handed over without copies): it must still give what the plain steps give.
  it('equals decodeFile + toMono + resample at analysis quality (16-bit 44.1 kHz, 24-bit 48 kHz, 3 channels)', async () => {
    const choir = join(dir, 'choir.flac');
    copyFileSync(join(SONIC_PI, 'ambi_choir.flac'), choir);
    const files = [
      wav,
      monoWav,
      soxConvert(choir, join(dir, 'choir48.wav'), ['-r', '48000', '-b', '24', '-c', '2']),
      soxConvert(choir, join(dir, 'choir3.wav'), ['-r', '44100', '-b', '16', '-c', '3']),
    ];
    for (const path of files) {
      const [mono, full] = await Promise.all([decodeToMono(path, 32000), decodeFile(path)]);
      const expected = resample(toMono(full.channels), full.sampleRate, 32000, { quality: 'analysis' });
      expect(mono.samples.length, path).toBe(expected.length);
      expect(maxDifference(mono.samples, expected), path).toBeLessThanOrEqual(1e-6);
      expect(mono.channels, path).toBe(full.channels.length);
    }
  });

  it('FLAC gives what its WAV gives, within float rounding', async () => {
    const [fromFlac, fromWav] = await Promise.all([
      decodeToMono(join(dir, 'tone.flac'), 32000),
      decodeToMono(wav, 32000),
    ]);
    expect(maxDifference(fromFlac.samples, fromWav.samples)).toBeLessThanOrEqual(1e-6);
  });

  it('passes 32 kHz through untouched', async () => {
    const path = soxTone(join(dir, 'r32.wav'), { rate: 32000, seconds: 0.5 });
    const [mono, full] = await Promise.all([decodeToMono(path, 32000), decodeFile(path)]);
    expect(maxDifference(mono.samples, channel(full))).toBe(0);
  });
});

function soxConvert(from: string, to: string, format: string[]): string {
  run('sox', ['-D', '-V1', from, ...format, to]);
  return to;
}

/** ftyp + moov/trak/mdia(hdlr soun, minf/stbl/stsd with one sample entry of the given format). */
function minimalMp4(format: string): Uint8Array {
  const box = (type: string, ...children: Uint8Array[]) => {
    const body = concat(children);
    const out = new Uint8Array(8 + body.length);
    new DataView(out.buffer).setUint32(0, out.length, false);
    out.set(new TextEncoder().encode(type), 4);
    out.set(body, 8);
    return out;
  };
  const bytes = (...values: number[]) => new Uint8Array(values);
  const text = (value: string) => new TextEncoder().encode(value);
  const hdlr = box('hdlr', bytes(0, 0, 0, 0), bytes(0, 0, 0, 0), text('soun'), new Uint8Array(13));
  const entry = box(format, new Uint8Array(28));
  const stsd = box('stsd', bytes(0, 0, 0, 0, 0, 0, 0, 1), entry);
  const moov = box('moov', box('trak', box('mdia', hdlr, box('minf', box('stbl', stsd)))));
  return concat([box('ftyp', text('M4A '), bytes(0, 0, 0, 0)), box('mdat', new Uint8Array(64)), moov]);
}
