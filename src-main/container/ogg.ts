// Ogg pages (RFC 3533): the page header, the CRC, and splitting packets into pages, for reading a stream's
// headers and length and for rewriting the header packets of one logical stream.

/** Fixed part of a page header; the segment table (one lacing value per segment) follows it. */
export const OGG_HEADER_SIZE = 27;
export const OGG_CONTINUED = 0x01;
export const OGG_BOS = 0x02;
export const OGG_EOS = 0x04;
/** The largest page possible: 255 segments of 255 bytes. */
export const OGG_MAX_PAGE = OGG_HEADER_SIZE + 255 + 255 * 255;
const GRANULE_OFFSET = 6;
const CRC_OFFSET = 22;
/** Granule position -1: no packet ends on this page (what libogg writes for such pages). */
const NO_PACKET_ENDS = 0xffffffffffffffffn;

export interface OggPageHeader {
  flags: number;
  serial: number;
  sequence: number;
  /** Lacing values; a value below 255 ends a packet. */
  segments: Uint8Array;
  /** Header plus segment table. */
  headerSize: number;
  bodySize: number;
}

/**
 * The header of the page at `buf[at]`, or null when `buf` ends before the header does.
 * Throws when the bytes there are not an Ogg page.
 */
export function parsePageHeader(buf: Buffer, at: number): OggPageHeader | null {
  if (at + OGG_HEADER_SIZE > buf.length) return null;
  if (buf.toString('latin1', at, at + 4) !== 'OggS') throw new Error(`no Ogg page at byte ${at}`);
  if (buf[at + 4] !== 0) throw new Error(`unknown Ogg version ${buf[at + 4]} at byte ${at}`);
  const count = buf[at + 26]!;
  if (at + OGG_HEADER_SIZE + count > buf.length) return null;
  const segments = buf.subarray(at + OGG_HEADER_SIZE, at + OGG_HEADER_SIZE + count);
  return {
    flags: buf[at + 5]!,
    serial: buf.readUInt32LE(at + 14),
    sequence: buf.readUInt32LE(at + 18),
    segments,
    headerSize: OGG_HEADER_SIZE + count,
    bodySize: segments.reduce((sum, v) => sum + v, 0),
  };
}

/** The page's granule position (a codec-defined sample count); null for -1, "no packet ends on this page". */
export function pageGranule(buf: Uint8Array, at: number): number | null {
  const fields = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const low = fields.getUint32(at + GRANULE_OFFSET, true);
  const high = fields.getInt32(at + GRANULE_OFFSET + 4, true);
  if (high < 0) return null;
  return high * 2 ** 32 + low;
}

const CRC_TABLE = (() => {
  // Ogg's CRC-32: polynomial 0x04c11db7, most significant bit first, initial value 0, no final xor.
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

/** CRC of a whole page, computed as if its CRC field held zeros. */
export function pageCrc(page: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < CRC_OFFSET; i++) crc = (crc << 8) ^ CRC_TABLE[(crc >>> 24) ^ page[i]!]!;
  for (let i = 0; i < 4; i++) crc = (crc << 8) ^ CRC_TABLE[crc >>> 24]!;
  for (let i = CRC_OFFSET + 4; i < page.length; i++) crc = (crc << 8) ^ CRC_TABLE[(crc >>> 24) ^ page[i]!]!;
  return crc >>> 0;
}

export function pageCrcMatches(page: Buffer): boolean {
  return page.readUInt32LE(CRC_OFFSET) === pageCrc(page);
}

/** Gives a page a new sequence number and the CRC that goes with it (in place). */
export function renumberPage(page: Buffer, sequence: number): void {
  page.writeUInt32LE(sequence >>> 0, 18);
  page.writeUInt32LE(pageCrc(page), CRC_OFFSET);
}

/** Lacing values of one packet: a run of 255s, then the remainder (0 when the length is a multiple of 255). */
function lacing(length: number): number[] {
  return [...Array<number>(Math.floor(length / 255)).fill(255), length % 255];
}

/** How many lacing values (segments) `packets` take. */
export function segmentCount(packets: Buffer[]): number {
  return packets.reduce((sum, p) => sum + Math.floor(p.length / 255) + 1, 0);
}

/**
 * Ogg pages holding `packets`, the first starting a fresh page and the last ending the last page.
 * `pageCount` (from ceil(segments / 255) up to the number of segments) spreads them over more pages, so a rewritten header can
 * keep its old page count and the pages after it their sequence numbers.
 */
export function paginate(
  packets: Buffer[],
  opts: { serial: number; firstSequence: number; pageCount: number; lastFlags?: number },
): Buffer[] {
  const segments: { length: number; packet: number; offset: number }[] = [];
  packets.forEach((packet, index) => {
    let offset = 0;
    for (const length of lacing(packet.length)) {
      segments.push({ length, packet: index, offset });
      offset += length;
    }
  });
  if (opts.pageCount < Math.ceil(segments.length / 255) || opts.pageCount > segments.length) {
    throw new Error(`${segments.length} segments cannot fill ${opts.pageCount} pages`);
  }
  const pages: Buffer[] = [];
  let next = 0;
  for (let i = 0; i < opts.pageCount; i++) {
    const pagesAfter = opts.pageCount - i - 1;
    const count = Math.min(255, segments.length - next - pagesAfter);
    const mine = segments.slice(next, next + count);
    next += count;
    const first = mine[0]!;
    const head = Buffer.alloc(OGG_HEADER_SIZE + count);
    head.write('OggS', 0, 'latin1');
    head[5] = (first.offset > 0 ? OGG_CONTINUED : 0) | (pagesAfter === 0 ? (opts.lastFlags ?? 0) : 0);
    head.writeBigUInt64LE(mine.some((s) => s.length < 255) ? 0n : NO_PACKET_ENDS, GRANULE_OFFSET);
    head.writeUInt32LE(opts.serial >>> 0, 14);
    head.writeUInt32LE((opts.firstSequence + i) >>> 0, 18);
    head[26] = count;
    mine.forEach((s, k) => (head[OGG_HEADER_SIZE + k] = s.length));
    const body = mine.map((s) => packets[s.packet]!.subarray(s.offset, s.offset + s.length));
    const page = Buffer.concat([head, ...body]);
    page.writeUInt32LE(pageCrc(page), CRC_OFFSET);
    pages.push(page);
  }
  return pages;
}
