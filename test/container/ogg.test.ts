import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OGG_BOS,
  OGG_CONTINUED,
  OGG_EOS,
  pageCrc,
  pageCrcMatches,
  pageGranule,
  paginate,
  parsePageHeader,
  renumberPage,
  segmentCount,
} from '../../src-main/container/ogg';
import { makeTempDir, soxTone } from '../audio/helpers/fixtures';
import { crcOk, oggPackets, oggPages } from '../metadata/helpers/ogg';

let dir: string;
let cleanup: () => void;
let vorbis: Buffer;
beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  const wav = soxTone(join(dir, 'tone.wav'), { rate: 44100, channels: 2, seconds: 1 });
  execFileSync('oggenc', ['-Q', wav, '-o', join(dir, 'tone.ogg')]);
  vorbis = readFileSync(join(dir, 'tone.ogg'));
});
afterAll(() => cleanup());

describe('Ogg pages written by oggenc', () => {
  it('parses every page header as an independent reader sees it', () => {
    const expected = oggPages(vorbis);
    let at = 0;
    for (const page of expected) {
      const header = parsePageHeader(vorbis, at)!;
      expect(header).toMatchObject({ flags: page.flags, serial: page.serial, sequence: page.sequence });
      expect([...header.segments]).toEqual(page.lacing);
      expect(header.headerSize + header.bodySize).toBe(page.bytes.length);
      at += page.bytes.length;
    }
    expect(at).toBe(vorbis.length);
    expect(expected[0]!.flags & OGG_BOS).toBe(OGG_BOS);
    expect(expected[expected.length - 1]!.flags & OGG_EOS).toBe(OGG_EOS);
  });

  it('checks CRCs, and the granule of the last page is the sample count', () => {
    const pages = oggPages(vorbis);
    for (const page of pages) {
      expect(pageCrcMatches(page.bytes)).toBe(true);
      expect(pageCrc(page.bytes)).toBe(page.bytes.readUInt32LE(22));
    }
    const damaged = Buffer.from(pages[pages.length - 1]!.bytes);
    damaged[damaged.length - 1] = damaged[damaged.length - 1]! ^ 0xff;
    expect(pageCrcMatches(damaged)).toBe(false);
    expect(pageGranule(vorbis, pages[pages.length - 1]!.offset)).toBe(44100);
    // Header pages carry granule 0.
    expect(pageGranule(vorbis, 0)).toBe(0);
  });

  it('says where a page is cut short and refuses what is no page', () => {
    expect(parsePageHeader(vorbis.subarray(0, 20), 0)).toBeNull();
    expect(() => parsePageHeader(vorbis, 1)).toThrow(/no Ogg page at byte 1/);
    const version1 = Buffer.from(vorbis.subarray(0, 100));
    version1[4] = 1;
    expect(() => parsePageHeader(version1, 0)).toThrow(/unknown Ogg version 1/);
  });
});

describe('paginate', () => {
  it('lays packets over pages an independent reader reads back, with valid CRCs', () => {
    const packets = [Buffer.alloc(100, 1), Buffer.alloc(255 * 300, 2), Buffer.alloc(510, 3)];
    // 1 + 301 + 3 segments: at least two pages.
    expect(segmentCount(packets)).toBe(305);
    const pages = paginate(packets, { serial: 1234, firstSequence: 7, pageCount: 3, lastFlags: OGG_EOS });
    const file = Buffer.concat(pages);
    const read = oggPages(file);
    expect(read.map((p) => [p.sequence, p.serial])).toEqual([
      [7, 1234],
      [8, 1234],
      [9, 1234],
    ]);
    expect(read.every((p) => crcOk(p.bytes))).toBe(true);
    expect(oggPackets(read).map((p) => p.data)).toEqual(packets);
    // A page that starts inside a packet says so; only the last carries the end-of-stream flag.
    expect(read.map((p) => p.flags)).toEqual([0, OGG_CONTINUED, OGG_CONTINUED | OGG_EOS]);
    expect(() => paginate(packets, { serial: 1, firstSequence: 0, pageCount: 1 })).toThrow(/cannot fill 1 pages/);
  });

  it('renumbers a page and gives it the CRC that goes with the new number', () => {
    const pages = oggPages(vorbis);
    const page = Buffer.from(pages[pages.length - 1]!.bytes);
    renumberPage(page, 99);
    expect(parsePageHeader(page, 0)!.sequence).toBe(99);
    expect(crcOk(page)).toBe(true);
  });
});
