// The header packets at the start of an Ogg stream (Vorbis: identification, comments, setup;
// Opus: OpusHead, OpusTags) and the pages that carry them.
import type { FileReader } from './file-reader';
import { OGG_BOS, OGG_CONTINUED, OGG_HEADER_SIZE, pageCrcMatches, parsePageHeader, type OggPageHeader } from './ogg';

/** A file Hark could rewrite in principle but chooses not to (several logical streams). */
export class OggUnsupported extends Error {}

export interface OggHeaders {
  serial: number;
  /** The first page: the identification packet alone, kept byte for byte. */
  firstPage: { offset: number; size: number };
  /** The pages after the first that hold the remaining header packets, in file order. */
  headerPages: { offset: number; page: OggPageHeader }[];
  /** All header packets, the identification packet first. */
  packets: Buffer[];
  /** Offset of the first page after the headers. */
  audioOffset: number;
}

/**
 * Reads pages from `start` until `packetCount` packets are complete. Every page is checked
 * (capture pattern, CRC, one serial number, continuation flags) because the header pages are
 * rebuilt from what is read here.
 */
export async function readOggHeaders(reader: FileReader, start: number, packetCount: number): Promise<OggHeaders> {
  const packets: Buffer[] = [];
  let partial: Buffer[] = [];
  let at = start;
  let serial = 0;
  let firstPage = { offset: start, size: 0 };
  const headerPages: OggHeaders['headerPages'] = [];
  while (packets.length < packetCount) {
    if (at >= reader.size) throw new Error('the file ends inside the Ogg header packets');
    const fixed = await reader.readAt(at, OGG_HEADER_SIZE);
    const withTable = await reader.readAt(at, OGG_HEADER_SIZE + (fixed[26] ?? 0));
    const page = parsePageHeader(withTable, 0);
    if (!page) throw new Error(`the file ends inside the Ogg page at byte ${at}`);
    const bytes = await reader.readAt(at, page.headerSize + page.bodySize);
    if (bytes.length < page.headerSize + page.bodySize)
      throw new Error(`the file ends inside the Ogg page at byte ${at}`);
    if (!pageCrcMatches(bytes)) throw new Error(`the Ogg page at byte ${at} fails its checksum`);
    const isFirst = at === start;
    if (isFirst) {
      if (!(page.flags & OGG_BOS)) throw new Error('the first Ogg page does not begin a stream');
      serial = page.serial;
      firstPage = { offset: at, size: bytes.length };
    } else {
      if (page.serial !== serial) {
        throw new OggUnsupported(
          'the file holds several Ogg streams (multiplexed or chained), which Hark does not rewrite',
        );
      }
      headerPages.push({ offset: at, page });
    }
    if (Boolean(page.flags & OGG_CONTINUED) !== partial.length > 0) {
      throw new Error(`the Ogg page at byte ${at} does not continue the packet before it`);
    }
    let offset = page.headerSize;
    for (const [i, length] of page.segments.entries()) {
      partial.push(bytes.subarray(offset, offset + length));
      offset += length;
      if (length === 255) continue;
      packets.push(Buffer.concat(partial));
      partial = [];
      // Vorbis and Opus both require the audio to start on a fresh page, so the last header
      // packet ends its page; the identification packet is alone on the first page.
      const last = i === page.segments.length - 1;
      if ((isFirst || packets.length === packetCount) && !last) {
        throw new Error(`the Ogg page at byte ${at} mixes header packets with other data`);
      }
      if (packets.length === packetCount) break;
    }
    if (isFirst && packets.length !== 1)
      throw new Error('the first Ogg page does not hold exactly the identification packet');
    at += bytes.length;
  }
  return { serial, firstPage, headerPages, packets, audioOffset: at };
}
