// A small independent Ogg reader for the tests (not using src-main code): pages, their CRCs, and
// the packets they carry.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface TestOggPage {
  offset: number;
  bytes: Buffer;
  flags: number;
  granule: bigint;
  serial: number;
  sequence: number;
  lacing: number[];
}

export function oggPages(file: Buffer): TestOggPage[] {
  const pages: TestOggPage[] = [];
  let at = 0;
  while (at < file.length) {
    if (file.toString('latin1', at, at + 4) !== 'OggS') throw new Error(`no page at ${at}`);
    const count = file[at + 26]!;
    const lacing = [...file.subarray(at + 27, at + 27 + count)];
    const size = 27 + count + lacing.reduce((a, b) => a + b, 0);
    if (at + size > file.length) throw new Error(`page at ${at} is cut short`);
    pages.push({
      offset: at,
      bytes: file.subarray(at, at + size),
      flags: file[at + 5]!,
      granule: file.readBigInt64LE(at + 6),
      serial: file.readUInt32LE(at + 14),
      sequence: file.readUInt32LE(at + 18),
      lacing,
    });
    at += size;
  }
  return pages;
}

/** Ogg CRC-32 (polynomial 0x04c11db7, MSB first, init 0), bit by bit, CRC field taken as zeros. */
export function crcOk(page: Buffer): boolean {
  let crc = 0;
  for (let i = 0; i < page.length; i++) {
    crc ^= (i >= 22 && i < 26 ? 0 : page[i]!) << 24;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0 === page.readUInt32LE(22);
}

/** Packets in order, each with the index of the page it ends on. */
export function oggPackets(pages: TestOggPage[]): { data: Buffer; endPage: number }[] {
  const packets: { data: Buffer; endPage: number }[] = [];
  let partial: Buffer[] = [];
  pages.forEach((page, index) => {
    let at = 27 + page.lacing.length;
    for (const length of page.lacing) {
      partial.push(page.bytes.subarray(at, at + length));
      at += length;
      if (length < 255) {
        packets.push({ data: Buffer.concat(partial), endPage: index });
        partial = [];
      }
    }
  });
  return packets;
}

/** All the file's pages and the audio packets (those after the `headerPackets` header packets), concatenated. */
export function readOgg(path: string, headerPackets: number) {
  const pages = oggPages(readFileSync(path));
  const packets = oggPackets(pages);
  const headerPages = packets[headerPackets - 1]!.endPage + 1;
  return {
    pages,
    packets,
    headerPages,
    audioPackets: Buffer.concat(packets.slice(headerPackets).map((p) => p.data)),
    audioPages: pages.slice(headerPages),
  };
}

/** The decoded PCM of an Ogg Vorbis (oggdec) or Opus (opusdec, no dither) file. */
export function decodeOgg(path: string): Buffer {
  const opus = readFileSync(path).subarray(0, 200).includes('OpusHead');
  const args = opus ? ['--quiet', '--no-dither', path, '-'] : ['-Q', '-R', '-o', '-', path];
  return execFileSync(opus ? 'opusdec' : 'oggdec', args, { maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
}
