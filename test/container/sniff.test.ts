import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileReader } from '../../src-main/container/file-reader';
import { id3v2Length } from '../../src-main/container/id3';
import { SNIFF_BYTES, sniffFile, sniffFormat } from '../../src-main/container/sniff';
import { buildWav, concat, makeTempDir, readBytes, run, soxTone, writeBytes } from '../audio/helpers/fixtures';

let dir: string;
let cleanup: () => void;
let wav: string;
beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  wav = soxTone(join(dir, 'tone.wav'), { seconds: 0.3, channels: 2 });
});
afterAll(() => cleanup());

const head = (path: string) => readBytes(path).subarray(0, 64 * 1024);

function id3Tag(bodyLength: number): Uint8Array {
  const tag = new Uint8Array(10 + bodyLength);
  tag.set([0x49, 0x44, 0x33, 4, 0, 0]);
  tag.set([(bodyLength >> 21) & 0x7f, (bodyLength >> 14) & 0x7f, (bodyLength >> 7) & 0x7f, bodyLength & 0x7f], 6);
  return tag;
}

describe('sniffFormat by content', () => {
  it('recognises each encoder output whatever the extension says', () => {
    const files: Array<[string, () => void, string]> = [
      ['t.aiff', () => soxTone(join(dir, 't.aiff'), { seconds: 0.1 }), 'aiff'],
      ['t.aifc', () => soxTone(join(dir, 't.aifc'), { seconds: 0.1 }), 'aiff'],
      ['t.flac', () => run('flac', ['-s', '-f', '-o', join(dir, 't.flac'), wav]), 'flac'],
      ['t.oga', () => run('flac', ['-s', '-f', '--ogg', '-o', join(dir, 't.oga'), wav]), 'flac'],
      ['t.mp3', () => run('lame', ['--quiet', wav, join(dir, 't.mp3')]), 'mp3'],
      ['t.ogg', () => run('oggenc', ['-Q', wav, '-o', join(dir, 't.ogg')]), 'ogg'],
      ['t.opus', () => run('opusenc', ['--quiet', wav, join(dir, 't.opus')]), 'opus'],
    ];
    expect(sniffFormat(head(wav), 'wav')).toBe('wav');
    for (const [name, make, format] of files) {
      make();
      const bytes = head(join(dir, name));
      expect(sniffFormat(bytes, name.split('.')[1]), name).toBe(format);
      expect(sniffFormat(bytes, '.wav'), `${name} named .wav`).toBe(format);
      expect(sniffFormat(bytes, ''), `${name} without extension`).toBe(format);
    }
  });

  it('sees MP3 behind an ID3 tag, and FLAC behind one too', () => {
    run('lame', ['--quiet', '--tt', 'Title', '--add-id3v2', wav, join(dir, 'tagged.mp3')]);
    const tagged = head(join(dir, 'tagged.mp3'));
    expect(id3v2Length(tagged)).toBeGreaterThan(10);
    expect(sniffFormat(tagged, 'wav')).toBe('mp3');
    run('flac', ['-s', '-f', '-o', join(dir, 'f.flac'), wav]);
    expect(sniffFormat(concat([id3Tag(100), head(join(dir, 'f.flac'))]), 'flac')).toBe('flac');
  });

  it('uses the extension only to look past junk before an MP3 frame', () => {
    run('lame', ['--quiet', wav, join(dir, 'j.mp3')]);
    const junk = concat([new Uint8Array(300).fill(0x20), head(join(dir, 'j.mp3'))]);
    expect(sniffFormat(junk, 'mp3')).toBe('mp3');
    expect(sniffFormat(junk, 'wav')).toBe('unknown');
  });

  it('calls MP4 and ADTS m4a', () => {
    const ftyp = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x4d, 0x34, 0x41, 0x20]);
    expect(sniffFormat(ftyp, 'wav')).toBe('m4a');
    // Two ADTS frames of 16 bytes: sync FFF1, profile LC, 44.1 kHz, stereo.
    const frame = new Uint8Array(16);
    frame.set([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]);
    expect(sniffFormat(concat([frame, frame]), 'aac')).toBe('m4a');
  });

  it('says unknown for random bytes, text and tiny files', () => {
    let seed = 42;
    const random = Uint8Array.from(
      { length: 65536 },
      () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff,
    );
    expect(sniffFormat(random, 'wav')).toBe('unknown');
    expect(sniffFormat(new TextEncoder().encode('hello, this is not audio'), 'mp3')).toBe('unknown');
    expect(sniffFormat(new Uint8Array([0x52, 0x49]), 'wav')).toBe('unknown');
    expect(sniffFormat(new Uint8Array(0), 'wav')).toBe('unknown');
  });
});

describe('sniffFile on files', () => {
  async function sniffed(path: string) {
    const reader = await openFileReader(path);
    try {
      return await sniffFile(reader);
    } finally {
      await reader.close();
    }
  }

  it('says the container and where it starts', async () => {
    run('flac', ['-s', '-f', '-o', join(dir, 's.flac'), wav]);
    run('flac', ['-s', '-f', '--ogg', '-o', join(dir, 's.oga'), wav]);
    run('oggenc', ['-Q', wav, '-o', join(dir, 's.ogg')]);
    run('lame', ['--quiet', wav, join(dir, 's.mp3')]);
    const rf64 = writeBytes(join(dir, 's-rf64.wav'), buildWav({ riff: 'RF64', data: new Uint8Array(8) }));
    const cases: Array<[string, object]> = [
      [wav, { format: 'wav', container: 'riff', start: 0 }],
      [rf64, { format: 'wav', container: 'rf64', start: 0 }],
      [soxTone(join(dir, 's.aiff'), { seconds: 0.1 }), { format: 'aiff', container: 'aiff' }],
      [join(dir, 's.flac'), { format: 'flac', container: 'flac' }],
      // Ogg FLAC decodes and tags like FLAC, but its pages are Ogg's.
      [join(dir, 's.oga'), { format: 'flac', container: 'ogg', ogg: { codec: 'flac' } }],
      [
        join(dir, 's.ogg'),
        { format: 'ogg', container: 'ogg', ogg: { codec: 'vorbis', sampleRate: 44100, channels: 2 } },
      ],
      [join(dir, 's.mp3'), { format: 'mp3', container: 'mpeg', start: 0, frameOffset: 0 }],
    ];
    for (const [path, expected] of cases) {
      const result = await sniffed(path);
      expect(result, path).toMatchObject(expected);
      expect(
        result.head.equals(readFileSync(path).subarray(result.start, result.start + result.head.length)),
        path,
      ).toBe(true);
    }
  });

  it('looks behind an ID3 tag longer than one read (cover art)', async () => {
    run('lame', ['--quiet', '--tt', 'Pad', '--pad-id3v2-size', '100000', wav, join(dir, 'padded.mp3')]);
    const result = await sniffed(join(dir, 'padded.mp3'));
    expect(result).toMatchObject({ format: 'mp3', container: 'mpeg', frameOffset: 0 });
    expect(result.start).toBe(id3v2Length(readBytes(join(dir, 'padded.mp3'))));
    expect(result.start).toBeGreaterThan(SNIFF_BYTES);
    const flac = writeBytes(join(dir, 'tagged.flac'), concat([id3Tag(100), readBytes(join(dir, 's.flac'))]));
    expect(await sniffed(flac)).toMatchObject({ format: 'flac', container: 'flac', start: 110 });
  });

  it("takes the file's own extension as the only hint for an MPEG frame past junk", async () => {
    const junk = concat([new Uint8Array(300).fill(0x20), readBytes(join(dir, 's.mp3'))]);
    expect(await sniffed(writeBytes(join(dir, 'junk.mp3'), junk))).toMatchObject({ format: 'mp3', frameOffset: 300 });
    expect(await sniffed(writeBytes(join(dir, 'junk.wav'), junk))).toMatchObject({
      format: 'unknown',
      container: 'unknown',
    });
  });

  it('tells MP4 from raw ADTS AAC', async () => {
    const ftyp = new Uint8Array([0, 0, 0, 0x10, 0x66, 0x74, 0x79, 0x70, 0x4d, 0x34, 0x41, 0x20, 0, 0, 0, 0]);
    expect(await sniffed(writeBytes(join(dir, 'a.m4a'), ftyp))).toMatchObject({ format: 'm4a', container: 'mp4' });
    const frame = new Uint8Array(16);
    frame.set([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]);
    expect(await sniffed(writeBytes(join(dir, 'a.aac'), concat([frame, frame, frame])))).toMatchObject({
      format: 'm4a',
      container: 'adts',
      frameOffset: 0,
    });
  });
});
