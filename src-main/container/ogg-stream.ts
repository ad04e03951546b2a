import { ascii, view } from './bytes';
import type { FileReader } from './file-reader';
import { parseStreamInfo } from './flac';
import { OGG_HEADER_SIZE, pageGranule } from './ogg';

// What an Ogg file carries: the first packet of its first page names the codec (and, for the codecs Hark decodes,
// the rate and channels); the granule position of the last page gives the length without decoding.

export type OggCodec = 'vorbis' | 'opus' | 'flac' | 'speex' | 'theora' | 'skeleton' | 'kate' | 'celt' | 'unknown';

export interface OggInfo {
  codec: OggCodec;
  /** The codec's name for people ("Vorbis", "Ogg Skeleton", "unknown Ogg codec"). */
  name: string;
  /** 0 when the codec is one Hark does not read the header of. */
  sampleRate: number;
  channels: number;
  /** Opus: samples at 48 kHz the decoder drops from the start. 0 for the others. */
  preSkip: number;
  /** FLAC only: bits per sample from STREAMINFO. */
  bitsPerSample?: number;
}

/** Codecs known by the start of their identification packet, beyond the three whose headers are read. */
const NAMED: Array<[string, OggCodec, string]> = [
  ['Speex', 'speex', 'Speex'],
  ['\x80theora', 'theora', 'Theora'],
  ['fishead', 'skeleton', 'Ogg Skeleton'],
  ['\x80kate', 'kate', 'Kate'],
  ['CELT', 'celt', 'CELT'],
];

/** The first logical stream of the Ogg page at `offset` in `bytes`; null when no whole first packet is there. */
export function readOggInfo(bytes: Uint8Array, offset = 0): OggInfo | null {
  if (offset + OGG_HEADER_SIZE + 1 > bytes.length || ascii(bytes, offset, 4) !== 'OggS') return null;
  const p = offset + OGG_HEADER_SIZE + bytes[offset + 26]!;
  const fields = view(bytes);
  const id = ascii(bytes, p, Math.min(8, Math.max(0, bytes.length - p)));
  if (id.startsWith('\x01vorbis') && p + 16 <= bytes.length) {
    return {
      codec: 'vorbis',
      name: 'Vorbis',
      channels: bytes[p + 11]!,
      sampleRate: fields.getUint32(p + 12, true),
      preSkip: 0,
    };
  }
  if (id === 'OpusHead' && p + 12 <= bytes.length) {
    return {
      codec: 'opus',
      name: 'Opus',
      channels: bytes[p + 9]!,
      sampleRate: 48000,
      preSkip: fields.getUint16(p + 10, true),
    };
  }
  if (id.startsWith('\x7fFLAC')) {
    // Ogg FLAC mapping: 0x7F "FLAC", version (2), header count (2), "fLaC", then the STREAMINFO block.
    const info = parseStreamInfo(bytes, p + 17);
    if (!info) return null;
    const { channels, sampleRate, bitsPerSample } = info;
    return { codec: 'flac', name: 'FLAC', channels, sampleRate, preSkip: 0, bitsPerSample };
  }
  const named = NAMED.find(([prefix]) => id.startsWith(prefix));
  const [codec, name]: [OggCodec, string] = named ? [named[1], named[2]] : ['unknown', 'unknown Ogg codec'];
  return { codec, name, channels: 0, sampleRate: 0, preSkip: 0 };
}

/** Granule position of the last page in the file's final 64 KiB on which a packet ends; null when none is found. */
export async function readLastGranule(reader: FileReader): Promise<number | null> {
  const tailLength = Math.min(reader.size, 64 * 1024);
  const tail = await reader.readAt(reader.size - tailLength, tailLength);
  for (let i = tail.length - OGG_HEADER_SIZE; i >= 0; i--) {
    if (tail[i] !== 0x4f || tail[i + 1] !== 0x67 || tail[i + 2] !== 0x67 || tail[i + 3] !== 0x53) continue;
    if (tail[i + 4] !== 0) continue; // stream structure version
    const granule = pageGranule(tail, i);
    if (granule !== null) return granule;
  }
  return null;
}
