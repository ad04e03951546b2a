import { ascii, isFourCC, view } from './bytes';
import type { FileReader } from './file-reader';

// The chunk structure RIFF (WAV, little-endian sizes) and IFF (AIFF, big-endian) share: a four-letter id, a 32-bit
// body size, the body, and a pad byte after an odd-sized body.

export interface Chunk {
  id: string;
  /** Offset of the 8-byte chunk header. */
  offset: number;
  /** Offset of the body, just after the header. */
  bodyOffset: number;
  /** Body size as the header states it (may be a placeholder, may run past the end of the file). */
  size: number;
}

/** What the visitor wants next: go on normally, stop, or step over a body whose real size it knows better. */
export type ChunkAction = void | 'stop' | { size: number };

const MAX_CHUNKS = 100_000;

/**
 * Walks the chunks of a file from `start`. The walk ends at the end of the file or at bytes that are no chunk id
 * (junk after the last chunk is common: tools that append, failed writes). Some writers forget the pad byte after an
 * odd-sized chunk, so when the padded position holds no plausible chunk but the unpadded one does, the walk
 * follows the writer.
 */
export async function walkChunks(
  reader: FileReader,
  start: number,
  littleEndian: boolean,
  visit: (chunk: Chunk) => Promise<ChunkAction> | ChunkAction,
): Promise<void> {
  let position = start;
  for (let count = 0; count < MAX_CHUNKS && position + 8 <= reader.size; count++) {
    const header = await reader.readAt(position, 8);
    if (header.length < 8 || !isFourCC(header, 0)) return;
    const size = view(header).getUint32(4, littleEndian);
    const action = await visit({ id: ascii(header, 0, 4), offset: position, bodyOffset: position + 8, size });
    if (action === 'stop') return;
    const bodySize = typeof action === 'object' ? action.size : size;
    const next = position + 8 + bodySize;
    position = bodySize % 2 === 1 ? await choosePadding(reader, next, littleEndian) : next;
  }
}

/** Whether a chunk header that fits in the file starts at `offset`: a chunk id and a body size that is not absurd. */
export async function chunkFollows(reader: FileReader, offset: number, littleEndian: boolean): Promise<boolean> {
  const header = await reader.readAt(offset, 8);
  if (header.length < 8 || !isFourCC(header, 0)) return false;
  return view(header).getUint32(4, littleEndian) <= reader.size - offset - 8;
}

async function choosePadding(reader: FileReader, unpadded: number, littleEndian: boolean): Promise<number> {
  if (unpadded + 1 + 8 > reader.size) return unpadded + 1;
  const paddedLooksRight = await chunkFollows(reader, unpadded + 1, littleEndian);
  if (paddedLooksRight) return unpadded + 1;
  return (await chunkFollows(reader, unpadded, littleEndian)) ? unpadded : unpadded + 1;
}

/** The chunks inside a body already in memory (a LIST chunk's sub-chunks), each with its bytes. */
export function chunksIn(body: Uint8Array, start: number, littleEndian: boolean): Array<Chunk & { body: Uint8Array }> {
  const chunks: Array<Chunk & { body: Uint8Array }> = [];
  let at = start;
  while (at + 8 <= body.length) {
    const size = view(body).getUint32(at + 4, littleEndian);
    const end = Math.min(at + 8 + size, body.length);
    chunks.push({ id: ascii(body, at, 4), offset: at, bodyOffset: at + 8, size, body: body.subarray(at + 8, end) });
    at += 8 + size + (size & 1);
  }
  return chunks;
}
