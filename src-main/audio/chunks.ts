import type { FileReader } from './file-reader';

/** One chunk of a RIFF (WAV) or IFF (AIFF) file: four-letter id and where its body lies. */
export interface Chunk {
  id: string;
  /** Byte offset of the body, just after the 8-byte chunk header. */
  bodyOffset: number;
  /** Body size as the header states it (may be a placeholder, may run past the end of the file). */
  size: number;
}

/** What the visitor wants next: go on normally, stop, or skip a body whose real size it knows better. */
export type ChunkAction = void | 'stop' | { skip: number };

const MAX_CHUNKS = 100_000;

/**
 * Walks the chunks from `start` to the end of the file. Chunk bodies are padded to an even size; some writers
 * forget the pad byte after an odd-sized chunk, so when the padded position holds no plausible chunk id but the
 * unpadded one does, the walk follows the writer.
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
    if (header.length < 8) return;
    const id = String.fromCharCode(header[0], header[1], header[2], header[3]);
    const size = new DataView(header.buffer, header.byteOffset, 8).getUint32(4, littleEndian);
    const action = await visit({ id, bodyOffset: position + 8, size });
    if (action === 'stop') return;
    const bodySize = typeof action === 'object' ? action.skip : size;
    let next = position + 8 + bodySize;
    if (bodySize % 2 === 1) next = await choosePadding(reader, next);
    position = next;
  }
}

async function choosePadding(reader: FileReader, unpadded: number): Promise<number> {
  const bytes = await reader.readAt(unpadded, 5);
  if (bytes.length < 5) return unpadded + 1;
  const paddedLooksRight = isChunkId(bytes, 1);
  const unpaddedLooksRight = isChunkId(bytes, 0);
  return !paddedLooksRight && unpaddedLooksRight ? unpadded : unpadded + 1;
}

/** Chunk ids are four printable ASCII characters. */
function isChunkId(bytes: Uint8Array, offset: number): boolean {
  for (let i = offset; i < offset + 4; i++) if (bytes[i] < 0x20 || bytes[i] > 0x7e) return false;
  return true;
}
