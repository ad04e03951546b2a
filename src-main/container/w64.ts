import { ascii, isFourCC, readU64LE } from './bytes';
import type { FileReader } from './file-reader';
import type { RiffChunk, RiffLayout } from './riff';

// Sony Wave64 (.w64, what Sound Forge and sox write for files past 4 GB): RIFF/WAVE's chunks with 16-byte GUIDs for
// ids and 64-bit sizes. The file opens with the 'riff' GUID, the whole file's size (64-bit) and the 'wave' GUID
// (40 bytes); each chunk is a GUID, a 64-bit size that counts its own 24-byte header, and the body, padded to a
// multiple of 8 bytes. The bodies of the WAVE chunks (fmt, data, fact, bext...) are those of RIFF/WAVE, so the walk
// gives the same layout as riff.ts and WAV decoding and probing read W64 through it.

/** The GUIDs of the WAVE chunks are their RIFF four-character code followed by these 12 bytes. */
const WAVE_CHUNK_TAIL = [0xf3, 0xac, 0xd3, 0x11, 0x8c, 0xd1, 0x00, 0xc0, 0x4f, 0x8e, 0xdb, 0x8a];
/** 'riff' GUID: 66666972-912E-11CF-A5D6-28DB04C10000, stored little-endian in its first three fields. */
const RIFF_GUID = [0x72, 0x69, 0x66, 0x66, 0x2e, 0x91, 0xcf, 0x11, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00];
/** 'wave' GUID: 65766177-ACF3-11D3-8CD1-00C04F8EDB8A. */
const WAVE_GUID = [0x77, 0x61, 0x76, 0x65, ...WAVE_CHUNK_TAIL];

const FILE_HEADER = 40;
const CHUNK_HEADER = 24;
const MAX_CHUNKS = 100_000;

/** Whether bytes (a file's first 40 or more) start a Wave64 file. */
export function isW64(head: Uint8Array): boolean {
  return matches(head, 0, RIFF_GUID) && matches(head, 24, WAVE_GUID);
}

/**
 * The chunks of the Wave64 file at `start`, as a RiffLayout (kind 'W64'): a WAVE chunk's id is its four-character
 * code ('fmt ', 'data', 'bext'), any other GUID's is `{` + its 32 hex digits + `}`, which no RIFF lookup matches.
 * Null when there is no Wave64 header.
 */
export async function readW64(reader: FileReader, start = 0): Promise<RiffLayout | null> {
  if (!isW64(await reader.readAt(start, FILE_HEADER))) return null;
  const layout: RiffLayout = { kind: 'W64', start, chunks: [] };
  let position = start + FILE_HEADER;
  for (let count = 0; count < MAX_CHUNKS && position + CHUNK_HEADER <= reader.size; count++) {
    const header = await reader.readAt(position, CHUNK_HEADER);
    const declared = readU64LE(header, 16);
    // A size smaller than the header itself is no chunk: the rest of the file is junk.
    if (declared < CHUNK_HEADER) break;
    const id = chunkId(header);
    const bodyOffset = position + CHUNK_HEADER;
    const size = declared - CHUNK_HEADER;
    const remaining = reader.size - bodyOffset;
    if (size > remaining) {
      layout.truncated = { id, claimed: size, available: remaining };
      layout.chunks.push({ id, offset: position, bodyOffset, size: remaining });
      break;
    }
    layout.chunks.push({ id, offset: position, bodyOffset, size } satisfies RiffChunk);
    position = start + alignTo8(position - start + declared);
  }
  return layout;
}

function chunkId(header: Uint8Array): string {
  if (isFourCC(header, 0) && matches(header, 4, WAVE_CHUNK_TAIL)) return ascii(header, 0, 4);
  return `{${Buffer.from(header.subarray(0, 16)).toString('hex')}}`;
}

function matches(bytes: Uint8Array, offset: number, expected: readonly number[]): boolean {
  if (offset + expected.length > bytes.length) return false;
  return expected.every((byte, i) => bytes[offset + i] === byte);
}

function alignTo8(offset: number): number {
  return Math.ceil(offset / 8) * 8;
}
