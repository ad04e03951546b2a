import type { AudioFormat } from '../api/contract';
import { ascii } from './bytes';
import type { FileReader } from './file-reader';
import { id3v2Length, readId3v2Header, skipId3v2 } from './id3';
import { findMpegFrame, isMpegFrameAt } from './mpeg';
import { readOggInfo, type OggInfo } from './ogg-stream';
import { isW64 } from './w64';

// The one format detector: what a file is, judged by its content. Sound libraries are full of ".wav" files that
// are really MP3s and of names without extensions, so magic numbers decide and a file whose extension lies is
// reported as what it is.
//
// The extension never overrides content. It only widens one search: MPEG audio and ADTS AAC have no magic number
// and may follow junk, and a frame sync somewhere in 64 KiB of arbitrary bytes is too easily found. So without a
// hint only a frame at the very start counts; behind an ID3 tag (itself a hint: taggers pad) or in a file named
// .mp3/.mp2/.mpga (.aac), the first 64 KiB are searched for a confirmed MPEG (ADTS) frame.

/** The container, in the detail parsers need (AudioFormat alone does not say RF64 from RIFF, or Ogg FLAC from FLAC). */
export type ContainerKind = 'riff' | 'rf64' | 'w64' | 'aiff' | 'flac' | 'ogg' | 'mpeg' | 'mp4' | 'adts' | 'unknown';

export interface Sniffed {
  format: AudioFormat;
  container: ContainerKind;
  /** Offset where the container starts: after the ID3v2 tags in front of it, if any. */
  start: number;
  /** The first bytes from `start` (a few KiB). */
  head: Buffer;
  /** Ogg: the first logical stream's codec and header fields. */
  ogg?: OggInfo;
  /** MPEG and ADTS: where in `head` the first frame is. */
  frameOffset?: number;
}

type Classified = Omit<Sniffed, 'start' | 'head'>;

/** What one read takes; enough for every magic number, the first Ogg page and the first MPEG frame. */
export const SNIFF_BYTES = 4096;
/** What the searches for a frame sync past junk or tag padding look through. */
const SEARCH_BYTES = 64 * 1024;

const MPEG_EXTENSIONS = new Set(['mp3', 'mp2', 'mpga']);

/** Sniffs an open file. `path`'s extension only hints, as the comment at the top says. */
export async function sniffFile(reader: FileReader, extension = extensionOf(reader.path)): Promise<Sniffed> {
  const ext = normaliseExtension(extension);
  let head = await reader.readAt(0, SNIFF_BYTES);
  // Tags are skipped by their headers alone: cover art may make them far longer than one read.
  const start = readId3v2Header(head) ? await skipId3v2(reader) : 0;
  if (start > 0) head = await reader.readAt(start, SNIFF_BYTES);
  let found = classify(head, ext, start > 0);
  if (found.container === 'unknown' && wantsSearch(ext, start > 0) && reader.size - start > head.length) {
    head = await reader.readAt(start, SEARCH_BYTES);
    found = classify(head, ext, start > 0);
  }
  return { ...found, start, head };
}

/** The format of bytes already in memory (a file's first bytes), with the same rules as sniffFile. */
export function sniffFormat(bytes: Uint8Array, extension = ''): AudioFormat {
  const start = id3v2Length(bytes);
  return classify(bytes.subarray(start), normaliseExtension(extension), start > 0).format;
}

function classify(head: Uint8Array, ext: string, afterTag: boolean): Classified {
  if (head.length < 4) return UNKNOWN;
  const id = ascii(head, 0, 4);
  const form = ascii(head, 8, 4);
  if ((id === 'RIFF' || id === 'RF64' || id === 'BW64') && form === 'WAVE') {
    return { format: 'wav', container: id === 'RIFF' ? 'riff' : 'rf64' };
  }
  if (isW64(head)) return { format: 'wav', container: 'w64' };
  if (id === 'FORM' && (form === 'AIFF' || form === 'AIFC')) return { format: 'aiff', container: 'aiff' };
  if (id === 'fLaC') return { format: 'flac', container: 'flac' };
  if (id === 'OggS') return classifyOgg(head);
  if (ascii(head, 4, 4) === 'ftyp') return { format: 'm4a', container: 'mp4' };
  if (isMpegFrameAt(head, 0)) return { format: 'mp3', container: 'mpeg', frameOffset: 0 };
  if (isAdtsAt(head, 0)) return { format: 'm4a', container: 'adts', frameOffset: 0 };
  // An ID3 tag is itself a hint (taggers pad behind it); otherwise only the extension allows a search.
  const mpeg = afterTag || MPEG_EXTENSIONS.has(ext) ? findMpegFrame(head, 0) : -1;
  if (mpeg >= 0) return { format: 'mp3', container: 'mpeg', frameOffset: mpeg };
  const adts = ext === 'aac' ? findAdts(head) : -1;
  if (adts >= 0) return { format: 'm4a', container: 'adts', frameOffset: adts };
  return UNKNOWN;
}

const UNKNOWN: Classified = { format: 'unknown', container: 'unknown' };

/** Ogg is a container: the first packet of the first page says which codec it carries. */
function classifyOgg(head: Uint8Array): Classified {
  const ogg = readOggInfo(head);
  if (!ogg) return { format: 'ogg', container: 'ogg' };
  // Ogg FLAC decodes and tags like FLAC; Vorbis, and the codecs Hark cannot decode, stay 'ogg'.
  const format = ogg.codec === 'opus' ? 'opus' : ogg.codec === 'flac' ? 'flac' : 'ogg';
  return { format, container: 'ogg', ogg };
}

function wantsSearch(ext: string, afterTag: boolean): boolean {
  return afterTag || MPEG_EXTENSIONS.has(ext) || ext === 'aac';
}

/** ADTS (raw AAC) frame sync: 12 one-bits, MPEG layer 00, and a sane frame length. */
function isAdtsAt(bytes: Uint8Array, offset: number): boolean {
  if (offset + 7 > bytes.length) return false;
  if (bytes[offset] !== 0xff || (bytes[offset + 1]! & 0xf6) !== 0xf0) return false;
  if (((bytes[offset + 2]! >> 2) & 0x0f) > 12) return false;
  const length = ((bytes[offset + 3]! & 3) << 11) | (bytes[offset + 4]! << 3) | (bytes[offset + 5]! >> 5);
  if (length < 7) return false;
  const next = offset + length;
  return next + 2 > bytes.length || (bytes[next] === 0xff && (bytes[next + 1]! & 0xf6) === 0xf0);
}

function findAdts(bytes: Uint8Array): number {
  for (let i = 0; i + 7 <= bytes.length; i++) if (bytes[i] === 0xff && isAdtsAt(bytes, i)) return i;
  return -1;
}

function extensionOf(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}

function normaliseExtension(extension: string): string {
  return extension.replace(/^\./, '').toLowerCase();
}
