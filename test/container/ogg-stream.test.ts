import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileReader } from '../../src-main/container/file-reader';
import { OGG_BOS, paginate } from '../../src-main/container/ogg';
import { readLastGranule, readOggInfo } from '../../src-main/container/ogg-stream';
import { makeTempDir, soxTone } from '../audio/helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  const wav = soxTone(join(dir, 'tone.wav'), { rate: 48000, channels: 2, seconds: 1 });
  execFileSync('oggenc', ['-Q', wav, '-o', join(dir, 'tone.ogg')]);
  execFileSync('opusenc', ['--quiet', wav, join(dir, 'tone.opus')]);
  execFileSync('flac', ['-s', '-f', '--ogg', '-o', join(dir, 'tone.oga'), wav]);
});
afterAll(() => cleanup());

async function lastGranule(path: string): Promise<number | null> {
  const reader = await openFileReader(path);
  try {
    return await readLastGranule(reader);
  } finally {
    await reader.close();
  }
}

/** The first page of a stream whose identification packet starts with `id`. */
const firstPage = (id: string) =>
  paginate([Buffer.concat([Buffer.from(id, 'latin1'), Buffer.alloc(60)])], {
    serial: 1,
    firstSequence: 0,
    pageCount: 1,
    lastFlags: OGG_BOS,
  })[0]!;

describe('readOggInfo', () => {
  it('reads the identification headers of Vorbis, Opus and Ogg FLAC', () => {
    const opus = readFileSync(join(dir, 'tone.opus'));
    // OpusHead: "OpusHead", version, channels, pre-skip (16-bit little-endian) right after the 27 + n byte page header.
    const preSkip = opus.readUInt16LE(27 + opus[26]! + 10);
    expect(preSkip).toBeGreaterThan(0);
    expect(readOggInfo(readFileSync(join(dir, 'tone.ogg')))).toEqual({
      codec: 'vorbis',
      name: 'Vorbis',
      sampleRate: 48000,
      channels: 2,
      preSkip: 0,
    });
    expect(readOggInfo(opus)).toEqual({ codec: 'opus', name: 'Opus', sampleRate: 48000, channels: 2, preSkip });
    expect(readOggInfo(readFileSync(join(dir, 'tone.oga')))).toEqual({
      codec: 'flac',
      name: 'FLAC',
      sampleRate: 48000,
      channels: 2,
      preSkip: 0,
      bitsPerSample: 16,
    });
  });

  it('names the codecs it does not read, and is null where no page is', () => {
    expect(readOggInfo(firstPage('Speex   '))).toMatchObject({ codec: 'speex', name: 'Speex', sampleRate: 0 });
    expect(readOggInfo(firstPage('\x80theora'))).toMatchObject({ codec: 'theora', name: 'Theora' });
    expect(readOggInfo(firstPage('fishead\0'))).toMatchObject({ codec: 'skeleton', name: 'Ogg Skeleton' });
    expect(readOggInfo(firstPage('MysteryC'))).toMatchObject({ codec: 'unknown', name: 'unknown Ogg codec' });
    expect(readOggInfo(readFileSync(join(dir, 'tone.wav')))).toBeNull();
    expect(readOggInfo(readFileSync(join(dir, 'tone.ogg')).subarray(0, 20))).toBeNull();
  });
});

describe('readLastGranule', () => {
  it('is the sample count: Vorbis and FLAC at their rate, Opus at 48 kHz plus the pre-skip', async () => {
    expect(await lastGranule(join(dir, 'tone.ogg'))).toBe(48000);
    expect(await lastGranule(join(dir, 'tone.oga'))).toBe(48000);
    const opus = readFileSync(join(dir, 'tone.opus'));
    expect(await lastGranule(join(dir, 'tone.opus'))).toBe(48000 + readOggInfo(opus)!.preSkip);
    expect(await lastGranule(join(dir, 'tone.wav'))).toBeNull();
  });
});
