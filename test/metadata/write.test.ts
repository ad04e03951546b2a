import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeFile } from '../../src-main/metadata/probe';
import { MetadataWriteError, writeMetadata } from '../../src-main/metadata/write';
import {
  addWavChunks,
  audioHash,
  bextPayload,
  copySonicPi,
  decodedHash,
  makeTempDir,
  riffChunks,
  run,
  sha256,
  soxTone,
  toRf64,
  SAMPLE_UPDATE,
  expectRefused,
} from './helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

const UPDATE = SAMPLE_UPDATE;

/** Writes, then checks audio bytes are untouched and the fields read back. */
async function writeAndCheck(path: string) {
  const audioBefore = audioHash(path);
  await writeMetadata(path, UPDATE);
  expect(audioHash(path)).toBe(audioBefore);
  const { metadata } = await probeFile(path);
  expect(metadata).toMatchObject({
    description: UPDATE.description,
    keywords: 'door, slam, wood, reverb',
    catId: 'DOORWood',
    category: 'DOORS',
    subCategory: 'WOOD',
    title: 'Church door slam',
  });
  expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  return metadata;
}

describe('writeMetadata on WAV', () => {
  it.each([
    { bits: 16, encoding: 'signed-integer', channels: 1 },
    { bits: 24, encoding: 'signed-integer', channels: 2 },
    { bits: 32, encoding: 'signed-integer', channels: 2 },
    { bits: 32, encoding: 'floating-point', channels: 1 },
    { bits: 64, encoding: 'floating-point', channels: 1 },
    // 8-bit mono, 0.25 s at 44.1 kHz: 11025 bytes, an odd-sized data chunk followed by a pad byte.
    { bits: 8, encoding: 'unsigned-integer', channels: 1, seconds: 0.25 },
  ])('$bits-bit $encoding: audio bit-identical, fields read back', async ({ seconds = 0.3, ...format }) => {
    const path = soxTone(join(dir, `w-${format.bits}-${format.encoding}.wav`), { ...format, seconds });
    const decoded = decodedHash(path);
    const metadata = await writeAndCheck(path);
    expect(decodedHash(path)).toBe(decoded);
    expect(metadata['bext.Description']).toBe(UPDATE.description);
    expect(metadata['ixml.USER.CATEGORYFULL']).toBe('DOORS-WOOD');
    // sox itself still reads the file as the same audio.
    expect(Number(run('soxi', ['-D', path]))).toBeCloseTo(seconds, 6);
  });

  it('keeps an existing bext (originator, loudness, coding history) and other iXML content', async () => {
    const path = soxTone(join(dir, 'bwf-existing.wav'), { bits: 24, channels: 2 });
    const ixml =
      '<?xml version="1.0"?>\n<BWFXML><IXML_VERSION>1.5</IXML_VERSION><PROJECT>Doors &amp; Gates</PROJECT>' +
      '<USER><LIBRARY>My Lib</LIBRARY><DESCRIPTION>old</DESCRIPTION></USER></BWFXML>';
    addWavChunks(
      path,
      [
        {
          id: 'bext',
          payload: bextPayload({
            description: 'old',
            originator: 'Recorder',
            timeReference: 123456789n,
            version: 2,
            loudness: [-23, 5, -2, -20, -21],
            codingHistory: 'A=PCM,F=44100,W=24\r\n',
          }),
        },
      ],
      'front',
    );
    addWavChunks(
      path,
      [
        { id: 'iXML', payload: Buffer.from(ixml) },
        { id: 'LIST', payload: Buffer.from('INFOISFT\x06\0\0\0Tool\0\0') },
      ],
      'after-data',
    );
    const bextBefore = riffChunks(readFileSync(path)).find((c) => c.id === 'bext')!.payload;
    const metadata = await writeAndCheck(path);
    expect(metadata).toMatchObject({
      'bext.Originator': 'Recorder',
      'bext.TimeReference': '123456789',
      'bext.LoudnessValue': '-23.00',
      'bext.CodingHistory': 'A=PCM,F=44100,W=24',
      'ixml.IXML_VERSION': '1.5',
      'ixml.PROJECT': 'Doors & Gates',
      'ixml.USER.LIBRARY': 'My Lib',
      'info.ISFT': 'Tool',
    });
    const chunks = riffChunks(readFileSync(path));
    const bextAfter = chunks.find((c) => c.id === 'bext')!.payload;
    // Only the 256-byte Description field changed.
    expect(sha256(bextAfter.subarray(256))).toBe(sha256(bextBefore.subarray(256)));
    expect(chunks.filter((c) => c.id === 'iXML')).toHaveLength(1);
    // sox writes a fact chunk for WAVE_FORMAT_EXTENSIBLE; order is kept as found.
    expect(chunks.map((c) => c.id)).toEqual(['bext', 'fmt ', 'fact', 'data', 'iXML', 'LIST']);
  });

  it('writes RF64 and keeps ds64 sizes right', async () => {
    const path = soxTone(join(dir, 'rf64.wav'), { bits: 24, channels: 2, rate: 48000, seconds: 0.4 });
    toRf64(path);
    const metadata = await writeAndCheck(path);
    expect(metadata['bext.Description']).toBe(UPDATE.description);
    const file = readFileSync(path);
    expect(file.toString('latin1', 0, 4)).toBe('RF64');
    expect(Number(file.readBigUInt64LE(20))).toBe(file.length - 8); // ds64 riffSize
    expect((await probeFile(path)).duration).toBeCloseTo(0.4, 5);
  });

  it('updates in place on a second write instead of adding duplicates, and "" clears a field', async () => {
    const path = soxTone(join(dir, 'twice.wav'));
    await writeMetadata(path, UPDATE);
    await writeMetadata(path, { description: 'Second take', keywords: '' });
    const { metadata } = await probeFile(path);
    expect(metadata.description).toBe('Second take');
    expect(metadata['bext.Description']).toBe('Second take');
    expect(metadata.keywords).toBeUndefined();
    expect(metadata.catId).toBe('DOORWood');
    const ids = riffChunks(readFileSync(path)).map((c) => c.id);
    expect(ids.filter((id) => id === 'bext' || id === 'iXML')).toEqual(['bext', 'iXML']);
  });

  it('cuts bext Description at 256 bytes on a character boundary; iXML keeps the whole text', async () => {
    const path = soxTone(join(dir, 'long.wav'));
    const long = 'é'.repeat(200); // 400 bytes of UTF-8
    await writeMetadata(path, { description: long });
    const { metadata } = await probeFile(path);
    expect(metadata['bext.Description']).toBe('é'.repeat(128));
    expect(metadata.description).toBe(long);
  });

  it('fixes the placeholder data size of a streamed WAV (sox to a pipe) without touching samples', async () => {
    const path = join(dir, 'streamed.wav');
    writeFileSync(
      path,
      Buffer.from(run('bash', ['-c', 'sox -n -r 8000 -b 16 -c 1 -t wav - synth 0.5 sine 300 | base64 -w0']), 'base64'),
    );
    const dataSizeField = () => {
      const file = readFileSync(path);
      return file.readUInt32LE(file.indexOf('data', 12, 'latin1') + 4);
    };
    expect(dataSizeField()).not.toBe(8000);
    const decoded = decodedHash(path);
    await writeAndCheck(path);
    expect(dataSizeField()).toBe(8000);
    expect(decodedHash(path)).toBe(decoded);
  });

  it('only touches bext when a description is given', async () => {
    const path = soxTone(join(dir, 'cat-only.wav'));
    await writeMetadata(path, { catId: 'AIRBrst' });
    expect(riffChunks(readFileSync(path)).map((c) => c.id)).toEqual(['fmt ', 'iXML', 'data']);
    expect((await probeFile(path)).metadata.catId).toBe('AIRBrst');
  });
});

describe('writeMetadata on FLAC and MP3', () => {
  it('FLAC (sonic-pi): frames bit-identical, flac -t passes, existing tags kept', async () => {
    const path = copySonicPi('ambi_glass_hum.flac', dir);
    run('metaflac', ['--set-tag=ARTIST=Sonic Pi', '--set-tag=DESCRIPTION=old', path]);
    const metadata = await writeAndCheck(path);
    expect(metadata['vorbis.ARTIST']).toBe('Sonic Pi');
    expect(metadata['vorbis.DESCRIPTION']).toBe(UPDATE.description);
    run('flac', ['-t', '-s', path]); // throws on a bad stream or MD5 mismatch
    expect(run('metaflac', ['--show-tag=DESCRIPTION', path]).trim()).toBe(`DESCRIPTION=${UPDATE.description}`);
  });

  it('FLAC without a comment block gets one', async () => {
    const path = copySonicPi('bd_808.flac', dir);
    run('metaflac', ['--remove', '--block-type=VORBIS_COMMENT', path]);
    await writeAndCheck(path);
    run('flac', ['-t', '-s', path]);
  });

  it('MP3 (lame): MPEG frames bit-identical, other ID3 frames kept', async () => {
    const wav = soxTone(join(dir, 'for-mp3.wav'), { seconds: 0.5 });
    const path = join(dir, 'tone.mp3');
    run('lame', ['--quiet', '--tt', 'old title', '--ta', 'Someone', '--tc', 'old comment', wav, path]);
    const decoded = decodedHash(path);
    const metadata = await writeAndCheck(path);
    expect(decodedHash(path)).toBe(decoded);
    expect(metadata['id3.artist']).toBe('Someone');
    expect(metadata['id3.TSSE']).toMatch(/LAME/);
    expect(metadata['id3.TXXX:CATID']).toBe('DOORWood');
  });

  it('MP3 without any tag gets an ID3v2.3 tag', async () => {
    const wav = soxTone(join(dir, 'for-mp3b.wav'), { seconds: 0.5 });
    const path = join(dir, 'bare.mp3');
    run('lame', ['--quiet', '--id3v2-only', wav, path]);
    const bare = readFileSync(path);
    const start =
      bare.toString('latin1', 0, 3) === 'ID3'
        ? 10 + ((bare[6]! << 21) | (bare[7]! << 14) | (bare[8]! << 7) | bare[9]!)
        : 0;
    writeFileSync(path, bare.subarray(start));
    const before = sha256(readFileSync(path));
    await writeAndCheck(path);
    const after = readFileSync(path);
    expect(after.toString('latin1', 0, 4)).toBe('ID3\x03');
    expect(audioHash(path)).toBe(before);
  });
});

describe('writeMetadata refuses and leaves files untouched', () => {
  it('a read-only file', async () => {
    const path = soxTone(join(dir, 'readonly.wav'));
    chmodSync(path, 0o444);
    await expectRefused(path, 'read-only', /read-only/);
  });

  it('a truncated WAV and a damaged FLAC', async () => {
    const whole = readFileSync(soxTone(join(dir, 'whole.wav'), { seconds: 0.5 }));
    writeFileSync(join(dir, 'cut.wav'), whole.subarray(0, whole.length - 1000));
    await expectRefused(join(dir, 'cut.wav'), 'corrupt', /damaged/);
    const flac = readFileSync(join('/usr/share/sonic-pi/samples', 'bd_808.flac'));
    writeFileSync(join(dir, 'cut.flac'), flac.subarray(0, 30));
    await expectRefused(join(dir, 'cut.flac'), 'corrupt', /damaged/);
  });

  it('formats it cannot write, and non-audio', async () => {
    // Ogg Vorbis and Opus are writable; Ogg FLAC and chained Ogg are refused in write-ogg.test.ts.
    const aiff = soxTone(join(dir, 'tone.aiff'));
    await expectRefused(aiff, 'unsupported-format', /not supported for aiff/);
    writeFileSync(join(dir, 'text.wav'), 'hello, not audio'.repeat(10));
    await expectRefused(join(dir, 'text.wav'), 'unsupported-format', /not a recognised audio file/);
  });

  it('an empty update', async () => {
    const path = soxTone(join(dir, 'nothing.wav'));
    const before = sha256(readFileSync(path));
    const error = await writeMetadata(path, {}).catch((e: unknown) => e);
    expect((error as MetadataWriteError).code).toBe('bad-request');
    expect(sha256(readFileSync(path))).toBe(before);
  });
});

describe('writeMetadata through a symbolic link', () => {
  it('updates the target and leaves the link a link', async () => {
    const { symlinkSync, lstatSync } = await import('node:fs');
    const target = soxTone(join(dir, 'target.wav'));
    const link = join(dir, 'link.wav');
    symlinkSync(target, link);
    await writeMetadata(link, { description: 'via link' });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect((await probeFile(target)).metadata.description).toBe('via link');
  });
});
