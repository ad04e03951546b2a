import { ascii } from './bytes';
import type { FileReader } from './file-reader';

// Native FLAC: the "fLaC" marker, then metadata blocks (STREAMINFO first, VORBIS_COMMENT, PADDING, ...), then the
// audio frames. STREAMINFO gives the sample rate, channels and length without decoding a frame.

export const FLAC_STREAMINFO = 0;
export const FLAC_PADDING = 1;
export const FLAC_VORBIS_COMMENT = 4;
/** STREAMINFO's body size. */
export const STREAMINFO_SIZE = 34;

export interface FlacBlock {
  type: number;
  /** Offset of the 4-byte block header. */
  offset: number;
  size: number;
}

export interface FlacLayout {
  /** Offset of "fLaC". */
  start: number;
  blocks: FlacBlock[];
  /** Offset of the first audio frame (just after the last metadata block). */
  audioOffset: number;
}

export interface StreamInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** 0 when the encoder did not know it (streamed encodes). */
  totalSamples: number;
}

/** Every metadata block of the stream whose "fLaC" is at `start`. Throws, with a reason, when they are damaged. */
export async function readFlacLayout(reader: FileReader, start: number): Promise<FlacLayout> {
  if (ascii(await reader.readAt(start, 4), 0, 4) !== 'fLaC') throw new Error('not a FLAC stream');
  const blocks: FlacBlock[] = [];
  let at = start + 4;
  for (;;) {
    const head = await reader.readAt(at, 4);
    if (head.length < 4) throw new Error('the file ends inside the FLAC metadata');
    const size = head.readUIntBE(1, 3);
    if (at + 4 + size > reader.size)
      throw new Error(`a FLAC metadata block claims ${size} bytes past the end of the file`);
    blocks.push({ type: head[0]! & 0x7f, offset: at, size });
    at += 4 + size;
    if (head[0]! & 0x80) break; // last-metadata-block flag
  }
  if (blocks[0]?.type !== FLAC_STREAMINFO) throw new Error('the FLAC stream does not start with STREAMINFO');
  return { start, blocks, audioOffset: at };
}

/** STREAMINFO of the native FLAC stream whose "fLaC" is at `offset` in `bytes`; null when it is not there. */
export function readStreamInfo(bytes: Uint8Array, offset: number): StreamInfo | null {
  if (ascii(bytes, offset, 4) !== 'fLaC' || (bytes[offset + 4]! & 0x7f) !== FLAC_STREAMINFO) return null;
  return parseStreamInfo(bytes, offset + 8);
}

/** The STREAMINFO body at `offset` (also the heart of Ogg FLAC's first packet); null when short or rate 0. */
export function parseStreamInfo(bytes: Uint8Array, offset: number): StreamInfo | null {
  if (offset + STREAMINFO_SIZE > bytes.length) return null;
  // Bit-packed from byte 10: 20 bits rate, 3 bits channels-1, 5 bits bits-per-sample-1, 36 bits total samples.
  const b = (i: number) => bytes[offset + i]!;
  const sampleRate = (b(10) << 12) | (b(11) << 4) | (b(12) >> 4);
  const channels = ((b(12) >> 1) & 7) + 1;
  const bitsPerSample = (((b(12) & 1) << 4) | (b(13) >> 4)) + 1;
  const lowWord = ((b(14) << 24) | (b(15) << 16) | (b(16) << 8) | b(17)) >>> 0;
  const totalSamples = (b(13) & 0x0f) * 2 ** 32 + lowWord;
  if (sampleRate === 0) return null;
  return { sampleRate, channels, bitsPerSample, totalSamples };
}

/** A metadata block header, for writers. */
export function blockHeader(type: number, size: number, last: boolean): Buffer {
  if (size >= 1 << 24) throw new Error('FLAC metadata block too large');
  const head = Buffer.alloc(4);
  head[0] = (last ? 0x80 : 0) | type;
  head.writeUIntBE(size, 1, 3);
  return head;
}
