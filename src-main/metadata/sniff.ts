// Decide a file's format from its first bytes, never from its extension: sound libraries are full
// of ".wav" files that are really MP3s and of names without extensions.
import type { FileHandle } from 'node:fs/promises';
import type { AudioFormat } from '../api/contract';
import { readAt } from './file-io';

export interface Sniffed {
  format: AudioFormat;
  /** Container detail the probe needs: RIFF flavour, Ogg codec, where audio starts after an ID3 tag. */
  container: 'riff' | 'rf64' | 'aiff' | 'flac' | 'ogg' | 'mpeg' | 'mp4' | 'unknown';
  /** Byte offset of the format's own start (after a leading ID3v2 tag, if any). */
  start: number;
  /** Codec inside an Ogg stream: "vorbis", "opus", "flac", "speex". */
  oggCodec?: string;
}

const HEAD = 4096;

/** Size of an ID3v2 tag starting at `buf[0]`, header and footer included, or 0 when there is none. */
export function id3v2Size(buf: Uint8Array): number {
  if (buf.length < 10 || buf[0] !== 0x49 || buf[1] !== 0x44 || buf[2] !== 0x33) return 0;
  const syncsafe = [buf[6]!, buf[7]!, buf[8]!, buf[9]!];
  if (syncsafe.some((b) => b & 0x80)) return 0;
  const body = (syncsafe[0]! << 21) | (syncsafe[1]! << 14) | (syncsafe[2]! << 7) | syncsafe[3]!;
  const hasFooter = (buf[5]! & 0x10) !== 0;
  return 10 + body + (hasFooter ? 10 : 0);
}

export async function sniffFormat(handle: FileHandle, fileSize: number): Promise<Sniffed> {
  let start = 0;
  let head = await readAt(handle, 0, Math.min(HEAD, fileSize));
  // Several tools put an ID3v2 tag in front of MP3 and (wrongly, but it happens) FLAC files.
  // Repeated tags are legal, so skip them all.
  for (let size = id3v2Size(head); size > 0; size = id3v2Size(head)) {
    start += size;
    if (start >= fileSize) break;
    head = await readAt(handle, start, Math.min(HEAD, fileSize - start));
  }
  const id = ascii(head, 0, 4);
  const form = ascii(head, 8, 4);
  if ((id === 'RIFF' || id === 'RF64' || id === 'BW64') && form === 'WAVE') {
    return { format: 'wav', container: id === 'RIFF' ? 'riff' : 'rf64', start };
  }
  if (id === 'FORM' && (form === 'AIFF' || form === 'AIFC')) return { format: 'aiff', container: 'aiff', start };
  if (id === 'fLaC') return { format: 'flac', container: 'flac', start };
  if (id === 'OggS') return sniffOgg(head, start);
  if (ascii(head, 4, 4) === 'ftyp') return { format: 'm4a', container: 'mp4', start };
  if (findMpegFrames(head) >= 0) return { format: 'mp3', container: 'mpeg', start };
  return { format: 'unknown', container: 'unknown', start };
}

function sniffOgg(head: Buffer, start: number): Sniffed {
  // First page: 27-byte header, then a segment table; the first packet follows it.
  const segments = head[26] ?? 0;
  const packet = head.subarray(27 + segments);
  const has = (text: string, at = 0) => ascii(packet, at, text.length) === text;
  if (packet[0] === 0x01 && has('vorbis', 1)) return { format: 'ogg', container: 'ogg', start, oggCodec: 'vorbis' };
  if (has('OpusHead')) return { format: 'opus', container: 'ogg', start, oggCodec: 'opus' };
  if (packet[0] === 0x7f && has('FLAC', 1)) return { format: 'ogg', container: 'ogg', start, oggCodec: 'flac' };
  if (has('Speex   ')) return { format: 'ogg', container: 'ogg', start, oggCodec: 'speex' };
  return { format: 'unknown', container: 'unknown', start };
}

/**
 * Offset of the first MPEG audio frame that is followed by a second valid frame, or -1.
 * Requiring two frames in a row keeps random bytes that happen to start with 0xFFE from passing.
 */
export function findMpegFrames(buf: Uint8Array): number {
  for (let i = 0; i + 4 <= buf.length; i++) {
    const len = mpegFrameLength(buf, i);
    if (len <= 0) continue;
    if (i + len + 4 > buf.length) return i === 0 ? i : -1; // a very short file: one frame is all we can see
    if (mpegFrameLength(buf, i + len) > 0) return i;
  }
  return -1;
}

const BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const BITRATES_V1_L2 = [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384];
const SAMPLE_RATES = [44100, 48000, 32000];

/** Length in bytes of the MPEG layer II/III frame whose header is at `i`, or 0 when it is not one. */
function mpegFrameLength(buf: Uint8Array, i: number): number {
  if (buf[i] !== 0xff || (buf[i + 1]! & 0xe0) !== 0xe0) return 0;
  const version = (buf[i + 1]! >> 3) & 3; // 0: MPEG 2.5, 2: MPEG 2, 3: MPEG 1
  const layer = (buf[i + 1]! >> 1) & 3; // 1: layer III, 2: layer II
  const bitrateIndex = buf[i + 2]! >> 4;
  const rateIndex = (buf[i + 2]! >> 2) & 3;
  if (version === 1 || (layer !== 1 && layer !== 2) || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) {
    return 0;
  }
  const padding = (buf[i + 2]! >> 1) & 1;
  const sampleRate = SAMPLE_RATES[rateIndex]! / (version === 3 ? 1 : version === 2 ? 2 : 4);
  // Layer II frames hold 1152 samples in every version; layer III only 576 outside MPEG 1.
  const table = version === 3 ? (layer === 2 ? BITRATES_V1_L2 : BITRATES_V1_L3) : BITRATES_V2_L3;
  const bitrate = table[bitrateIndex]!;
  const perFrame = version === 3 || layer === 2 ? 144000 : 72000;
  return Math.floor((perFrame * bitrate) / sampleRate) + padding;
}

export function ascii(buf: Uint8Array, offset: number, length: number): string {
  if (offset + length > buf.length) return '';
  return Buffer.from(buf.buffer, buf.byteOffset + offset, length).toString('latin1');
}
