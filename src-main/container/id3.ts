import type { FileReader } from './file-reader';

// ID3v2 tag headers (id3.org, ID3v2.4.0 structure): "ID3", version, flags, and a 28-bit "syncsafe" size (seven bits
// per byte, so that no size byte looks like an MPEG frame sync). What a tag holds is metadata's business
// (metadata/id3v2.ts); where it ends is every parser's, because MP3 and (wrongly, but it happens) FLAC, WAV or Ogg
// files may sit behind one.

export const ID3V2_HEADER_SIZE = 10;
const FLAG_FOOTER = 0x10;

export interface Id3v2Header {
  major: number;
  flags: number;
  /** Size of what follows the header, footer excluded. */
  bodySize: number;
  /** Header, body and footer. */
  tagSize: number;
}

/** The ID3v2 header at `offset`; null when there is none (or its size bytes are not syncsafe). */
export function readId3v2Header(bytes: Uint8Array, offset = 0): Id3v2Header | null {
  if (offset + ID3V2_HEADER_SIZE > bytes.length) return null;
  if (bytes[offset] !== 0x49 || bytes[offset + 1] !== 0x44 || bytes[offset + 2] !== 0x33) return null;
  const sizeBytes = bytes.subarray(offset + 6, offset + 10);
  if (sizeBytes.some((b) => b & 0x80)) return null;
  const bodySize = readSyncsafe(bytes, offset + 6);
  const flags = bytes[offset + 5]!;
  const footer = flags & FLAG_FOOTER ? ID3V2_HEADER_SIZE : 0;
  return { major: bytes[offset + 3]!, flags, bodySize, tagSize: ID3V2_HEADER_SIZE + bodySize + footer };
}

/** Bytes taken by the ID3v2 tags that start `bytes` (several may follow each other); 0 when none. */
export function id3v2Length(bytes: Uint8Array): number {
  let offset = 0;
  for (let tag = readId3v2Header(bytes, 0); tag; tag = readId3v2Header(bytes, offset)) offset += tag.tagSize;
  return offset;
}

/** Offset just after the ID3v2 tags at the start of the file, reading only their headers (cover art is skipped). */
export async function skipId3v2(reader: FileReader): Promise<number> {
  let offset = 0;
  for (;;) {
    const tag = readId3v2Header(await reader.readAt(offset, ID3V2_HEADER_SIZE));
    if (!tag) return offset;
    offset += tag.tagSize;
  }
}

/** Seven bits a byte, most significant first. */
export function readSyncsafe(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 21) | (bytes[offset + 1]! << 14) | (bytes[offset + 2]! << 7) | bytes[offset + 3]!) >>> 0;
}

export function writeSyncsafe(bytes: Uint8Array, offset: number, value: number): void {
  if (value >= 1 << 28) throw new Error('ID3 tag too large');
  bytes[offset] = (value >> 21) & 0x7f;
  bytes[offset + 1] = (value >> 14) & 0x7f;
  bytes[offset + 2] = (value >> 7) & 0x7f;
  bytes[offset + 3] = value & 0x7f;
}
