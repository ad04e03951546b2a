// Rewrite an Ogg Vorbis or Ogg Opus file with updated comments. The comment header (and, for
// Vorbis, the setup header that shares its pages) is re-paginated; the identification page and
// every audio page keep their bytes. Only when the header needs a different number of pages do
// the audio pages get new sequence numbers (and so new CRCs).
import type { FileHandle } from 'node:fs/promises';
import type { FileReader } from '../container/file-reader';
import {
  OGG_BOS,
  OGG_EOS,
  OGG_MAX_PAGE,
  paginate,
  pageCrcMatches,
  parsePageHeader,
  renumberPage,
  segmentCount,
} from '../container/ogg';
import { OggUnsupported, readOggHeaders, type OggHeaders } from '../container/ogg-headers';
import type { Sniffed } from '../container/sniff';
import { MetadataWriteError } from './errors';
import { vorbisFields } from './fields';
import { copyRange, writeAll } from './file-io';
import { isVorbisSetupHeader, rewriteOpusTags, rewriteVorbisCommentHeader } from './ogg-comments';
import type { MetadataUpdate } from './types';

export interface OggPlan {
  headers: OggHeaders;
  /** The new pages that replace `headers.headerPages`. */
  pages: Buffer[];
  /** Added to the sequence number of every page after the headers. */
  sequenceShift: number;
}

export async function planOgg(source: FileReader, sniffed: Sniffed, update: MetadataUpdate): Promise<OggPlan> {
  const { path } = source;
  const codec = sniffed.ogg?.codec;
  if (codec !== 'vorbis' && codec !== 'opus') {
    throw new MetadataWriteError(
      path,
      'unsupported-format',
      `writing metadata is not supported for ${codec ?? 'this codec'} in Ogg (supported: Vorbis, Opus)`,
    );
  }
  let headers: OggHeaders;
  try {
    headers = await readOggHeaders(source, sniffed.start, codec === 'vorbis' ? 3 : 2);
  } catch (error) {
    if (error instanceof OggUnsupported) throw new MetadataWriteError(path, 'unsupported-format', error.message);
    throw new MetadataWriteError(path, 'corrupt', `the Ogg file is damaged: ${(error as Error).message}`);
  }
  const [, comment, ...rest] = headers.packets;
  let packets: Buffer[];
  try {
    const fields = vorbisFields(update);
    if (codec === 'vorbis' && !isVorbisSetupHeader(rest[0]!))
      throw new Error('the third packet is not a Vorbis setup header');
    // A page needs at least one lacing value, and a packet of n * 255 bytes has n + 1 of them: padding
    // OpusTags that far lets a shrunken header keep its old page count.
    const opusMinLength = (headers.headerPages.length - 1) * 255;
    const rewritten =
      codec === 'vorbis'
        ? rewriteVorbisCommentHeader(comment!, fields)
        : rewriteOpusTags(comment!, fields, opusMinLength);
    packets = [rewritten, ...rest];
  } catch (error) {
    throw new MetadataWriteError(path, 'corrupt', `the Ogg headers are damaged: ${(error as Error).message}`);
  }
  // Keep the old page count whenever the new packets can fill it: the audio pages then stay
  // byte-identical. Otherwise use as few pages as possible.
  const oldCount = headers.headerPages.length;
  const segments = segmentCount(packets);
  const fewest = Math.ceil(segments / 255);
  const pageCount = fewest <= oldCount && oldCount <= segments ? oldCount : fewest;
  const first = headers.headerPages[0]!.page;
  const last = headers.headerPages[oldCount - 1]!.page;
  const pages = paginate(packets, {
    serial: headers.serial,
    firstSequence: first.sequence,
    pageCount,
    // A stream with no audio at all ends on its last header page.
    lastFlags: last.flags & OGG_EOS,
  });
  return { headers, pages, sequenceShift: pageCount - oldCount };
}

/** Bytes read at a time while copying the audio pages; always holds at least one whole page. */
const BLOCK = Math.max(1 << 20, OGG_MAX_PAGE);

export async function writeOgg(source: FileReader, temp: FileHandle, plan: OggPlan): Promise<void> {
  const { headers, pages, sequenceShift } = plan;
  const { path, size: fileSize } = source;
  // Anything before the stream (a stray ID3 tag) and the identification page, unchanged.
  let out = headers.firstPage.offset + headers.firstPage.size;
  await copyRange(source, 0, out, temp, 0);
  for (const page of pages) {
    await writeAll(temp, page, out);
    out += page.length;
  }
  const damaged = (reason: string) => new MetadataWriteError(path, 'corrupt', `the Ogg file is damaged: ${reason}`);
  // Every audio page is checked even when it is copied unchanged, so a damaged file is refused
  // whatever the header size, and a renumbered page never gets a valid CRC it did not have.
  let at = headers.audioOffset;
  let ended = headers.headerPages.some((p) => p.page.flags & OGG_EOS);
  while (at < fileSize) {
    const block = await source.readAt(at, Math.min(BLOCK, fileSize - at));
    let used = 0;
    for (;;) {
      let page;
      try {
        page = parsePageHeader(block, used);
      } catch (error) {
        throw damaged((error as Error).message.replace(/byte \d+/, `byte ${at + used}`));
      }
      const size = page ? page.headerSize + page.bodySize : 0;
      if (!page || used + size > block.length) break;
      const bytes = block.subarray(used, used + size);
      if (page.serial !== headers.serial || page.flags & OGG_BOS || ended) {
        throw new MetadataWriteError(
          path,
          'unsupported-format',
          'the file holds several Ogg streams (multiplexed or chained), which Hark does not rewrite',
        );
      }
      if (!pageCrcMatches(bytes)) throw damaged(`the Ogg page at byte ${at + used} fails its checksum`);
      if (sequenceShift !== 0) renumberPage(bytes, page.sequence + sequenceShift);
      ended = (page.flags & OGG_EOS) !== 0;
      used += size;
    }
    if (used === 0) throw damaged(`the file ends inside the Ogg page at byte ${at}`);
    await writeAll(temp, block.subarray(0, used), out);
    out += used;
    at += used;
  }
}
