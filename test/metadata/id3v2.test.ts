import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBuffer } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readId3v2Header } from '../../src-main/container/id3';
import {
  buildId3v2,
  commentFrame,
  frameDescriptor,
  Id3Unsupported,
  parseId3v2,
  textFrame,
  userTextFrame,
  type Id3Frame,
} from '../../src-main/metadata/id3v2';
import { makeTempDir, soxTone } from './helpers/fixtures';

let dir: string;
let cleanup: () => void;
let lameMp3: Buffer;
let frames: Buffer;
beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  const wav = soxTone(join(dir, 'tone.wav'), { seconds: 0.3 });
  const path = join(dir, 'tagged.mp3');
  execFileSync('lame', [
    '--quiet',
    '--tt',
    'Wind gust',
    '--tc',
    'Strong wind',
    '--ta',
    'Ärtist',
    '--tv',
    'TXXX=KEYWORDS=wind, trees',
    wav,
    path,
  ]);
  lameMp3 = readFileSync(path);
  frames = lameMp3.subarray(readId3v2Header(lameMp3)!.tagSize);
});
afterAll(() => cleanup());

const flags = () => Buffer.alloc(2);
const tagOf = (mp3: Buffer) => mp3.subarray(0, readId3v2Header(mp3)!.tagSize);
const byId = (list: Id3Frame[], id: string) => list.filter((f) => f.id === id);

describe('parseId3v2 on the tag lame writes (ID3v2.3, UTF-16 text)', () => {
  it('lists every frame, bytes as they are', () => {
    const tag = parseId3v2(tagOf(lameMp3));
    expect(tag.major).toBe(3);
    expect(tag.frames.map((f) => f.id)).toEqual(['TSSE', 'TIT2', 'COMM', 'TPE1', 'TXXX', 'TLEN']);
    const title = byId(tag.frames, 'TIT2')[0]!;
    // Encoding 1 (UTF-16 with a byte-order mark), then the text.
    expect(title.data[0]).toBe(1);
    expect(title.data.subarray(3).toString('utf16le')).toBe('Wind gust');
    expect([...title.flags]).toEqual([0, 0]);
  });

  it('reads the descriptors that tell Hark its own frames from others', () => {
    const tag = parseId3v2(tagOf(lameMp3));
    expect(frameDescriptor(byId(tag.frames, 'COMM')[0]!, 3)).toBe('');
    expect(frameDescriptor(byId(tag.frames, 'TXXX')[0]!, 3)).toBe('KEYWORDS');
  });
});

describe('buildId3v2', () => {
  it('rebuilds a parsed tag frame for frame, with padding, in a size header that is syncsafe', () => {
    const parsed = parseId3v2(tagOf(lameMp3));
    const rebuilt = buildId3v2(parsed, 512);
    const header = readId3v2Header(rebuilt)!;
    const framesLength = parsed.frames.reduce((sum, f) => sum + 10 + f.data.length, 0);
    expect(header).toMatchObject({ major: 3, flags: 0, bodySize: framesLength + 512 });
    expect(rebuilt.length).toBe(header.tagSize);
    expect(rebuilt.subarray(10 + framesLength).every((b) => b === 0)).toBe(true);
    expect(parseId3v2(rebuilt)).toEqual(parsed);
  });

  it('writes frames music-metadata reads back, in ID3v2.3 and ID3v2.4', async () => {
    for (const major of [3, 4] as const) {
      const tag = buildId3v2({
        major,
        frames: [
          { id: 'TIT2', flags: flags(), data: textFrame(major, 'Church door slam') },
          { id: 'COMM', flags: flags(), data: commentFrame(major, '', 'Heavy door — église') },
          { id: 'TXXX', flags: flags(), data: userTextFrame(major, 'CATID', 'DOORWood') },
        ],
      });
      const { common, native } = await parseBuffer(Buffer.concat([tag, frames]), { mimeType: 'audio/mpeg' });
      expect(common.title).toBe('Church door slam');
      expect(common.comment?.[0]?.text).toBe('Heavy door — église');
      const txxx = native[`ID3v2.${major}`]!.find((t) => t.id === 'TXXX:CATID');
      expect(txxx?.value).toBe('DOORWood');
    }
  });
});

describe('frame text encodings', () => {
  it('Latin-1 when the text fits, else UTF-16 with a BOM (v2.3) or UTF-8 (v2.4)', () => {
    expect([...textFrame(3, 'Café')]).toEqual([0, 0x43, 0x61, 0x66, 0xe9]);
    expect([...textFrame(3, 'é€')]).toEqual([1, 0xff, 0xfe, 0xe9, 0x00, 0xac, 0x20]);
    expect([...textFrame(4, 'é€')]).toEqual([3, 0xc3, 0xa9, 0xe2, 0x82, 0xac]);
  });

  it('terminates descriptors so that frameDescriptor finds their end', () => {
    for (const major of [3, 4] as const) {
      const comment: Id3Frame = { id: 'COMM', flags: flags(), data: commentFrame(major, 'Mood', 'calm') };
      expect(comment.data.subarray(1, 4).toString('latin1')).toBe('eng');
      expect(frameDescriptor(comment, major)).toBe('Mood');
      const wide: Id3Frame = { id: 'TXXX', flags: flags(), data: userTextFrame(major, 'Kategorie€', 'x') };
      expect(frameDescriptor(wide, major)).toBe('Kategorie€');
    }
  });

  it('reads UTF-16 big-endian descriptors, and none from compressed or encrypted frames', () => {
    const bigEndian: Id3Frame = {
      id: 'TXXX',
      flags: flags(),
      data: Buffer.from([2, 0x00, 0x4b, 0x00, 0x45, 0x00, 0x59, 0, 0, 0x00, 0x76]),
    };
    expect(frameDescriptor(bigEndian, 4)).toBe('KEY');
    const withBom: Id3Frame = { id: 'TXXX', flags: flags(), data: Buffer.from([1, 0xfe, 0xff, 0x00, 0x4b, 0, 0]) };
    expect(frameDescriptor(withBom, 3)).toBe('K');
    const compressed: Id3Frame = { id: 'TXXX', flags: Buffer.from([0, 0x80]), data: userTextFrame(3, 'KEY', 'v') };
    expect(frameDescriptor(compressed, 3)).toBeNull();
    expect(
      frameDescriptor({ id: 'TXXX', flags: Buffer.from([0, 0x08]), data: userTextFrame(4, 'KEY', 'v') }, 4),
    ).toBeNull();
  });
});

describe('parseId3v2 refuses what it cannot rewrite safely', () => {
  const header = (major: number, tagFlags: number, body: Buffer) => {
    const head = Buffer.from([0x49, 0x44, 0x33, major, 0, tagFlags, 0, 0, 0, 0]);
    head[8] = body.length >> 7;
    head[9] = body.length & 0x7f;
    return Buffer.concat([head, body]);
  };
  const frame = (id: string, data: Buffer) => {
    const head = Buffer.alloc(10);
    head.write(id, 0, 'latin1');
    head.writeUInt32BE(data.length, 4);
    return Buffer.concat([head, data]);
  };

  it('ID3v2.2, unsynchronisation, unreadable and overlong frames', () => {
    expect(() => parseId3v2(header(2, 0, Buffer.alloc(20)))).toThrow(Id3Unsupported);
    expect(() => parseId3v2(header(3, 0x80, Buffer.alloc(20)))).toThrow(/unsynchronisation/);
    expect(() => parseId3v2(header(3, 0, frame('ti t', Buffer.from([0, 0x41]))))).toThrow(
      /unreadable frame at byte 10/,
    );
    const overlong = frame('TIT2', Buffer.from([0, 0x41]));
    overlong.writeUInt32BE(500, 4);
    expect(() => parseId3v2(header(3, 0, overlong))).toThrow(/TIT2 runs past the end of the tag/);
  });

  it('skips an extended header (its size counts itself in v2.4, not in v2.3) and stops at padding', () => {
    const title = frame('TIT2', Buffer.from([0, 0x41, 0x42]));
    const v3 = header(3, 0x40, Buffer.concat([Buffer.from([0, 0, 0, 6, 0, 0, 0, 0, 0, 0]), title, Buffer.alloc(30)]));
    expect(parseId3v2(v3).frames.map((f) => [f.id, f.data.toString('latin1')])).toEqual([['TIT2', '\0AB']]);
    const v4title = Buffer.from(title);
    v4title.writeUInt32BE(3, 4); // 3 is the same in syncsafe form
    const v4 = header(4, 0x40, Buffer.concat([Buffer.from([0, 0, 0, 6, 1, 0]), v4title]));
    expect(parseId3v2(v4)).toMatchObject({ major: 4, frames: [{ id: 'TIT2' }] });
  });
});
