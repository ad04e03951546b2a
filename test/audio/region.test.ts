import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRegion } from '../../src-main/audio/region';
import { encodeWav, losslessWavFormat } from '../../src-main/audio/wav-encode';
import { DecodeError } from '../../src-main/audio/decode-error';
import { useTempDirs } from '../helpers/temp';

/** Bytes of a WAV's data chunk (sox writes plain 44-byte headers for PCM; find the chunk to be safe). */
function dataChunk(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 12; offset + 8 <= bytes.length;) {
    const id = String.fromCharCode(...bytes.subarray(offset, offset + 4));
    const size = view.getUint32(offset + 4, true);
    if (id === 'data') return bytes.subarray(offset + 8, offset + 8 + size);
    offset += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

/** Two different channels (a chirp and noise), so a swapped or shifted channel cannot pass. */
function stereoSource(dir: string, name: string, bits: number, rate = 48000): string {
  const path = join(dir, name);
  execFileSync('sox', [
    '-n',
    '-r',
    String(rate),
    '-c',
    '2',
    '-b',
    String(bits),
    path,
    'synth',
    '1.5',
    'sine',
    '200-2000',
    'whitenoise',
    'vol',
    '0.7',
  ]);
  return path;
}

describe('cutting a region out of a file', () => {
  const tempDir = useTempDirs();

  it.each([16, 24, 8])('writes a %i-bit source back bit-identical to what sox trims', async (bits) => {
    const dir = tempDir();
    const source = stereoSource(dir, `chirp${bits}.wav`, bits);
    const region = await readRegion(source, 0.25, 1.0);
    expect(region.sampleRate).toBe(48000);
    expect(region.channels.map((c) => c.length)).toEqual([36000, 36000]);
    const ours = encodeWav(region.channels, region.sampleRate, losslessWavFormat(region.codec));

    const reference = join(dir, `trimmed${bits}.wav`);
    execFileSync('sox', [source, reference, 'trim', '12000s', '36000s']);
    expect(Buffer.from(dataChunk(ours)).equals(Buffer.from(dataChunk(readFileSync(reference))))).toBe(true);
    // And sox reads our file as the same format.
    const written = join(dir, `ours${bits}.wav`);
    writeFileSync(written, ours);
    const info = execFileSync('soxi', [written], { encoding: 'utf8' });
    expect(info).toMatch(new RegExp(`Precision\\s*:\\s*${bits}-bit`));
    expect(info).toMatch(/36000 samples/);
  });

  it('keeps a compressed source as 32-bit float at its own rate and channel count', async () => {
    const dir = tempDir();
    const wav = stereoSource(dir, 'chirp.wav', 16, 44100);
    const flac = join(dir, 'chirp.flac');
    execFileSync('sox', [wav, flac]);
    const region = await readRegion(flac, 0.5, 0.6);
    expect(losslessWavFormat(region.codec)).toBe('float32');
    expect(region.channels.map((c) => c.length)).toEqual([4410, 4410]);
    const out = join(dir, 'cut.wav');
    writeFileSync(out, encodeWav(region.channels, region.sampleRate, 'float32'));
    const info = execFileSync('soxi', [out], { encoding: 'utf8' });
    expect(info).toMatch(/Channels\s*:\s*2/);
    expect(info).toMatch(/Sample Rate\s*:\s*44100/);
    expect(info).toMatch(/32-bit Floating Point PCM/);
    expect(info).toMatch(/4410 samples/);
  });

  it('cuts the end short at the end of the audio and refuses a stretch past it', async () => {
    const dir = tempDir();
    const source = stereoSource(dir, 'short.wav', 16);
    const tail = await readRegion(source, 1.25, 9);
    expect(tail.channels[0]!.length).toBe(0.25 * 48000);
    await expect(readRegion(source, 2, 3)).rejects.toBeInstanceOf(DecodeError);
  });
});
