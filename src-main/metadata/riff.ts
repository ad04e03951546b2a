// RIFF / RF64 chunk walker. Reads only the 8-byte chunk headers (and RF64's ds64), so finding
// bext/iXML behind a 2 GB data chunk costs a handful of small reads.
import type { FileHandle } from 'node:fs/promises';
import { readAt } from './file-io';
import { ascii } from './sniff';

export interface RiffChunk {
  id: string;
  /** Offset of the chunk's 8-byte header. */
  offset: number;
  /** Offset of the chunk's payload. */
  dataOffset: number;
  /** Payload size in bytes (for RF64 the 64-bit size from ds64), without the pad byte. */
  size: number;
}

export interface RiffLayout {
  kind: 'RIFF' | 'RF64' | 'BW64';
  chunks: RiffChunk[];
  /** Set when a chunk claims more bytes than the file holds. */
  truncated?: string;
}

const SIZE_UNKNOWN = 0xffffffff;
/** Data sizes streaming writers leave behind when they cannot seek back (sox uses 0x7FFFF000). */
const PLACEHOLDER_SIZES = new Set([0, SIZE_UNKNOWN, 0x7fffffff, 0x7ffff000, 0x80000000]);

export async function walkRiff(handle: FileHandle, fileSize: number, start = 0): Promise<RiffLayout> {
  const header = await readAt(handle, start, 12);
  const kind = ascii(header, 0, 4) as RiffLayout['kind'];
  const layout: RiffLayout = { kind, chunks: [] };
  let ds64: { dataSize: number; table: Map<string, number> } | null = null;
  let offset = start + 12;
  while (offset + 8 <= fileSize) {
    const head = await readAt(handle, offset, 8);
    const id = ascii(head, 0, 4);
    // Junk after the last chunk is common (tools that append, failed writes): stop at it quietly.
    if (!/^[\x20-\x7e]{4}$/.test(id)) break;
    let size = head.readUInt32LE(4);
    const dataOffset = offset + 8;
    if (id === 'ds64' && kind !== 'RIFF') {
      ds64 = parseDs64(await readAt(handle, dataOffset, Math.min(size, 4096)));
    } else if (size === SIZE_UNKNOWN && ds64) {
      size = id === 'data' ? ds64.dataSize : (ds64.table.get(id) ?? size);
    }
    const remaining = fileSize - dataOffset;
    if (size > remaining) {
      // Writers that stream (sox to a pipe, crashed recorders) leave a placeholder data size
      // and the audio simply runs to the end of the file; anything else means bytes are missing.
      if (id === 'data' && PLACEHOLDER_SIZES.has(size)) {
        size = remaining;
      } else {
        layout.truncated = `the ${id.trim()} chunk claims ${size} bytes but only ${Math.max(remaining, 0)} remain`;
        layout.chunks.push({ id, offset, dataOffset, size: Math.max(remaining, 0) });
        break;
      }
    } else if (id === 'data' && size === 0 && remaining > 0 && !(await anotherChunkFollows(handle, dataOffset, fileSize))) {
      size = remaining;
    }
    layout.chunks.push({ id, offset, dataOffset, size });
    offset = dataOffset + size + (size & 1);
  }
  return layout;
}

async function anotherChunkFollows(handle: FileHandle, at: number, fileSize: number): Promise<boolean> {
  if (at + 8 > fileSize) return false;
  return /^[\x20-\x7e]{4}$/.test(ascii(await readAt(handle, at, 4), 0, 4));
}

function parseDs64(buf: Buffer): { dataSize: number; table: Map<string, number> } {
  const table = new Map<string, number>();
  if (buf.length < 28) return { dataSize: 0, table };
  const dataSize = Number(buf.readBigUInt64LE(8));
  const tableLength = buf.readUInt32LE(24);
  for (let i = 0; i < tableLength && 28 + i * 12 + 12 <= buf.length; i++) {
    const at = 28 + i * 12;
    table.set(ascii(buf, at, 4), Number(buf.readBigUInt64LE(at + 4)));
  }
  return { dataSize, table };
}

export function findChunk(layout: RiffLayout, id: string): RiffChunk | undefined {
  return layout.chunks.find((c) => c.id === id);
}
