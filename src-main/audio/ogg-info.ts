import type { FileReader } from './file-reader';
import { parseStreamInfoBody } from './flac-info';

// Ogg pages (RFC 3533): which codec the first logical stream carries, its header fields, and the granule
// position of the last page, which gives the length without decoding.

export interface OggInfo {
  codec: 'vorbis' | 'opus' | 'flac' | string;
  sampleRate: number;
  channels: number;
  /** Opus: samples at 48 kHz the decoder drops from the start. 0 for the others. */
  preSkip: number;
  /** FLAC only: bits per sample from STREAMINFO. */
  bitsPerSample?: number;
}

/** Codec of the first packet of the first page; `codec` is a readable name when it is one we do not decode. */
export function readOggInfo(head: Uint8Array): OggInfo | null {
  if (head.length < 28 || String.fromCharCode(...head.subarray(0, 4)) !== 'OggS') return null;
  const p = 27 + head[26];
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const id = String.fromCharCode(...head.subarray(p, p + 8));
  if (id.startsWith('\x01vorbis') && p + 16 <= head.length) {
    return { codec: 'vorbis', channels: head[p + 11], sampleRate: view.getUint32(p + 12, true), preSkip: 0 };
  }
  if (id === 'OpusHead' && p + 12 <= head.length) {
    return { codec: 'opus', channels: head[p + 9], sampleRate: 48000, preSkip: view.getUint16(p + 10, true) };
  }
  if (id.startsWith('\x7fFLAC')) {
    const info = parseStreamInfoBody(head, p + 17);
    if (!info) return null;
    const { channels, sampleRate, bitsPerSample } = info;
    return { codec: 'flac', channels, sampleRate, preSkip: 0, bitsPerSample };
  }
  const named: Array<[string, string]> = [
    ['Speex', 'Speex'],
    ['\x80theora', 'Theora'],
    ['fishead', 'Ogg Skeleton'],
    ['\x80kate', 'Kate'],
    ['CELT', 'CELT'],
  ];
  const match = named.find(([prefix]) => id.startsWith(prefix));
  return { codec: match ? match[1] : 'unknown Ogg codec', channels: 0, sampleRate: 0, preSkip: 0 };
}

/** Granule position of the last complete page in the file's final 64 KiB; null when none is found. */
export async function readLastGranule(reader: FileReader): Promise<number | null> {
  const tailLength = Math.min(reader.size, 64 * 1024);
  const tail = await reader.readAt(reader.size - tailLength, tailLength);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let i = tail.length - 27; i >= 0; i--) {
    if (tail[i] !== 0x4f || tail[i + 1] !== 0x67 || tail[i + 2] !== 0x67 || tail[i + 3] !== 0x53) continue;
    if (tail[i + 4] !== 0) continue; // stream structure version
    const low = view.getUint32(i + 6, true);
    const high = view.getInt32(i + 10, true);
    if (high === -1 && low === 0xffffffff) continue; // page on which no packet ends
    if (high < 0) continue;
    return high * 2 ** 32 + low;
  }
  return null;
}
