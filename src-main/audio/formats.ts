import type { AudioFormat } from '../api/contract';
import { findMpegFrame, isMpegFrameAt } from './mpeg';

/** How many bytes of a file's start `sniffFormat` wants to see; enough to get past most ID3 tags too. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * What a file is, judged by its first bytes. Magic numbers decide; the extension is only a hint for the formats
 * that have none (MPEG audio and ADTS AAC may start anywhere after junk). A file whose extension lies is reported
 * as what it is: an MP3 named .wav is 'mp3'.
 */
export function sniffFormat(head: Uint8Array, extension: string): AudioFormat {
  const ext = extension.replace(/^\./, '').toLowerCase();
  if (head.length < 4) return 'unknown';
  const magic = fourCC(head, 0);

  if ((magic === 'RIFF' || magic === 'RF64' || magic === 'BW64') && fourCC(head, 8) === 'WAVE') return 'wav';
  if (magic === 'FORM' && (fourCC(head, 8) === 'AIFF' || fourCC(head, 8) === 'AIFC')) return 'aiff';
  if (magic === 'fLaC') return 'flac';
  if (magic === 'OggS') return sniffOgg(head);
  if (fourCC(head, 4) === 'ftyp') return 'm4a';

  const tagLength = id3v2Length(head);
  if (tagLength > 0) {
    // Some taggers put ID3 in front of FLAC; behind the tag is what counts. A tag longer than the head (cover
    // art) hides it: such files are nearly always MP3, and the decoder looks again behind the tag anyway.
    if (tagLength + 4 > head.length) return 'mp3';
    return sniffAfterId3(head, tagLength, ext) ?? 'mp3';
  }

  if (isMpegFrameAt(head, 0)) return 'mp3';
  if (isAdtsAt(head, 0)) return 'm4a';
  // No magic: only now does the extension count, and only to allow a search for a frame sync past junk.
  if ((ext === 'mp3' || ext === 'mp2' || ext === 'mpga') && findMpegFrame(head, 0) >= 0) return 'mp3';
  if (ext === 'aac' && findAdts(head) >= 0) return 'm4a';
  return 'unknown';
}

/** Bytes taken by the ID3v2 tag(s) at the start of `head` (several may follow each other); 0 when none. */
export function id3v2Length(head: Uint8Array): number {
  let offset = 0;
  while (offset + 10 <= head.length && head[offset] === 0x49 && head[offset + 1] === 0x44 && head[offset + 2] === 0x33) {
    const size = (head[offset + 6] << 21) | (head[offset + 7] << 14) | (head[offset + 8] << 7) | head[offset + 9];
    const footer = head[offset + 5] & 0x10 ? 10 : 0;
    offset += 10 + size + footer;
  }
  return offset;
}

/** Format of what follows an ID3v2 tag: FLAC, or MPEG audio possibly after a little zero padding. */
export function sniffAfterId3(bytes: Uint8Array, from: number, ext: string): AudioFormat | null {
  if (fourCC(bytes, from) === 'fLaC') return 'flac';
  if (findMpegFrame(bytes, from, 4096) >= 0) return 'mp3';
  if (isAdtsAt(bytes, from) || (ext === 'aac' && findAdts(bytes) >= 0)) return 'm4a';
  return null;
}

/** Ogg is a container: the first packet of the first page says which codec it carries. */
function sniffOgg(head: Uint8Array): AudioFormat {
  if (head.length < 28) return 'ogg';
  const packetStart = 27 + head[26];
  const id = String.fromCharCode(...head.subarray(packetStart, packetStart + 8));
  if (id.startsWith('OpusHead')) return 'opus';
  if (id.startsWith('\x7fFLAC')) return 'flac';
  // Vorbis, and codecs we cannot decode (Speex, Theora...): 'ogg' lets the decoder name the codec it refuses.
  return 'ogg';
}

/** ADTS (raw AAC) frame sync: 12 one-bits, MPEG layer 00, and a sane frame length. */
function isAdtsAt(bytes: Uint8Array, offset: number): boolean {
  if (offset + 7 > bytes.length) return false;
  if (bytes[offset] !== 0xff || (bytes[offset + 1] & 0xf6) !== 0xf0) return false;
  if (((bytes[offset + 2] >> 2) & 0x0f) > 12) return false;
  const length = ((bytes[offset + 3] & 3) << 11) | (bytes[offset + 4] << 3) | (bytes[offset + 5] >> 5);
  if (length < 7) return false;
  const next = offset + length;
  return next + 2 > bytes.length || (bytes[next] === 0xff && (bytes[next + 1] & 0xf6) === 0xf0);
}

function findAdts(bytes: Uint8Array): number {
  for (let i = 0; i + 7 <= bytes.length; i++) if (bytes[i] === 0xff && isAdtsAt(bytes, i)) return i;
  return -1;
}

export function fourCC(bytes: Uint8Array, offset: number): string {
  if (offset + 4 > bytes.length) return '';
  return String.fromCharCode(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]);
}
