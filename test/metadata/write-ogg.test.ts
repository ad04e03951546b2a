import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeFile } from '../../src-main/metadata/probe';
import { writeMetadata } from '../../src-main/metadata/write';
import { makeTempDir, run, SAMPLE_UPDATE, soxTone, expectRefused } from './helpers/fixtures';
import { crcOk, decodeOgg, readOgg } from './helpers/ogg';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

const UPDATE = SAMPLE_UPDATE;

const CODECS = [
  {
    name: 'Vorbis',
    ext: 'ogg',
    headerPackets: 3,
    encode: (wav: string, out: string, comments: string[]) =>
      run('oggenc', ['-Q', ...comments.flatMap((c) => ['-c', c]), wav, '-o', out]),
  },
  {
    name: 'Opus',
    ext: 'opus',
    headerPackets: 2,
    encode: (wav: string, out: string, comments: string[]) =>
      run('opusenc', ['--quiet', ...comments.flatMap((c) => ['--comment', c]), wav, out]),
  },
] as const;

function encoded(codec: (typeof CODECS)[number], name: string, comments: string[] = []): string {
  const wav = soxTone(join(dir, `${name}.wav`), { channels: 2, seconds: 0.5 });
  const path = join(dir, `${name}.${codec.ext}`);
  codec.encode(wav, path, comments);
  return path;
}

/** Every page has a valid CRC, one serial, consecutive sequence numbers; header pages have no granule. */
function expectWellFormed(path: string, headerPackets: number) {
  // The reference checkers (vorbis-tools, opus-tools) exit non-zero or warn on a broken stream.
  expect(run(headerPackets === 3 ? 'ogginfo' : 'opusinfo', [path])).not.toMatch(/warning|error/i);
  const ogg = readOgg(path, headerPackets);
  expect(ogg.pages.length).toBeGreaterThan(ogg.headerPages); // header pages and at least one of audio
  expect(ogg.pages.every((p) => crcOk(p.bytes))).toBe(true);
  expect(new Set(ogg.pages.map((p) => p.serial)).size).toBe(1);
  expect(ogg.pages.map((p) => p.sequence)).toEqual(ogg.pages.map((_, i) => i));
  for (const page of ogg.pages.slice(0, ogg.headerPages)) {
    // 0 where a header packet ends, -1 where none does (as libogg writes it).
    expect(page.granule).toBe(page.lacing.some((v) => v < 255) ? 0n : -1n);
  }
  return ogg;
}

describe.each(CODECS)('writeMetadata on Ogg $name', (codec) => {
  it('writes every field; audio packets, audio pages and decoded PCM unchanged; other comments kept', async () => {
    const path = encoded(codec, `fields-${codec.ext}`, ['ARTIST=Someone', 'DESCRIPTION=old', 'TITLE=old title']);
    const before = readOgg(path, codec.headerPackets);
    const pcm = decodeOgg(path);
    await writeMetadata(path, UPDATE);
    const after = expectWellFormed(path, codec.headerPackets);
    expect(after.audioPackets.equals(before.audioPackets)).toBe(true);
    // The header still fits its old page count, so the audio pages are byte-identical.
    expect(after.headerPages).toBe(before.headerPages);
    expect(
      Buffer.concat(after.audioPages.map((p) => p.bytes)).equals(Buffer.concat(before.audioPages.map((p) => p.bytes))),
    ).toBe(true);
    // The identification header (first page) is untouched.
    expect(after.pages[0]!.bytes.equals(before.pages[0]!.bytes)).toBe(true);
    const decoded = decodeOgg(path);
    expect(decoded.length).toBeGreaterThan(0);
    expect(decoded.equals(pcm)).toBe(true);

    const { metadata } = await probeFile(path);
    expect(metadata).toMatchObject({
      description: UPDATE.description,
      keywords: 'door, slam, wood, reverb',
      catId: 'DOORWood',
      category: 'DOORS',
      subCategory: 'WOOD',
      title: 'Church door slam',
      'vorbis.ARTIST': 'Someone',
      'vorbis.DESCRIPTION': UPDATE.description,
    });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('"" clears a field and a second write replaces values instead of adding more', async () => {
    const path = encoded(codec, `twice-${codec.ext}`);
    await writeMetadata(path, UPDATE);
    await writeMetadata(path, { description: 'Second take', keywords: '' });
    const { metadata } = await probeFile(path);
    expect(metadata.description).toBe('Second take');
    expect(metadata.keywords).toBeUndefined();
    expect(metadata.catId).toBe('DOORWood');
    const comments = readOgg(path, codec.headerPackets).packets[1]!.data.toString('utf8');
    expect(comments.split('DESCRIPTION=').length - 1).toBe(1);
    expectWellFormed(path, codec.headerPackets);
  });

  it('a long comment grows the header over several pages; audio pages are renumbered, nothing else', async () => {
    const path = encoded(codec, `long-${codec.ext}`);
    const before = readOgg(path, codec.headerPackets);
    const pcm = decodeOgg(path);
    const long = 'A very long description. '.repeat(6000); // 150 kB: at least three pages
    await writeMetadata(path, { description: long, catId: 'DOORWood' });
    const after = expectWellFormed(path, codec.headerPackets);
    expect(after.headerPages).toBeGreaterThanOrEqual(before.headerPages + 2);
    expect(after.audioPackets.equals(before.audioPackets)).toBe(true);
    // Audio pages differ only in their sequence number and CRC (bytes 18..25).
    const masked = (pages: typeof before.audioPages) =>
      Buffer.concat(pages.map((p) => Buffer.concat([p.bytes.subarray(0, 18), p.bytes.subarray(26)])));
    expect(masked(after.audioPages).equals(masked(before.audioPages))).toBe(true);
    expect(decodeOgg(path).equals(pcm)).toBe(true);
    expect((await probeFile(path)).metadata.description).toBe(long.trim());

    // Shrinking it again keeps the page count, so the audio pages of the long version stay as they are.
    const longAudio = Buffer.concat(after.audioPages.map((p) => p.bytes));
    await writeMetadata(path, { description: 'short again' });
    const shrunk = expectWellFormed(path, codec.headerPackets);
    expect(shrunk.headerPages).toBe(after.headerPages);
    expect(Buffer.concat(shrunk.audioPages.map((p) => p.bytes)).equals(longAudio)).toBe(true);
    expect(decodeOgg(path).equals(pcm)).toBe(true);
    expect((await probeFile(path)).metadata).toMatchObject({ description: 'short again', catId: 'DOORWood' });
  });
});

describe('writeMetadata refuses Ogg files it cannot rewrite and leaves them untouched', () => {
  it('a damaged audio page, a damaged header page, a truncated file', async () => {
    const good = readFileSync(encoded(CODECS[0], 'damage-src'));
    const ogg = readOgg(join(dir, 'damage-src.ogg'), 3);
    const lastPage = ogg.audioPages.at(-1)!;

    const audio = Buffer.from(good);
    audio[lastPage.offset + lastPage.bytes.length - 5]! ^= 0xff;
    writeFileSync(join(dir, 'bad-audio.ogg'), audio);
    await expectRefused(join(dir, 'bad-audio.ogg'), 'corrupt', /damaged.*checksum/);

    const header = Buffer.from(good);
    header[ogg.pages[1]!.offset + 40]! ^= 0xff;
    writeFileSync(join(dir, 'bad-header.ogg'), header);
    await expectRefused(join(dir, 'bad-header.ogg'), 'corrupt', /damaged.*checksum/);

    writeFileSync(join(dir, 'cut.ogg'), good.subarray(0, good.length - 100));
    await expectRefused(join(dir, 'cut.ogg'), 'corrupt', /damaged.*ends inside/);
    writeFileSync(join(dir, 'cut-header.opus'), readFileSync(encoded(CODECS[1], 'cut-src')).subarray(0, 60));
    await expectRefused(join(dir, 'cut-header.opus'), 'corrupt', /damaged/);
  });

  it('a read-only file', async () => {
    const path = encoded(CODECS[1], 'readonly');
    chmodSync(path, 0o444);
    await expectRefused(path, 'read-only', /read-only/);
  });

  it('chained streams and Ogg FLAC', async () => {
    const a = readFileSync(encoded(CODECS[0], 'chain-a'));
    const b = readFileSync(encoded(CODECS[0], 'chain-b'));
    writeFileSync(join(dir, 'chained.ogg'), Buffer.concat([a, b]));
    await expectRefused(join(dir, 'chained.ogg'), 'unsupported-format', /several Ogg streams/);
    const wav = soxTone(join(dir, 'for-oga.wav'));
    run('flac', ['--ogg', '-s', wav, '-o', join(dir, 'tone.oga')]);
    await expectRefused(join(dir, 'tone.oga'), 'unsupported-format', /not supported for flac in Ogg/);
  });
});
