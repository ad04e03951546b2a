import { ascii, readU64LE, view } from './bytes';
import { chunkFollows, walkChunks, type Chunk } from './chunks';
import type { FileReader } from './file-reader';

// RIFF/WAVE, Broadcast WAV, and the 64-bit variants RF64 (EBU Tech 3306) and BW64 (ITU-R BS.2088) whose real sizes
// live in a ds64 chunk. Only the 8-byte chunk headers (and ds64) are read, so finding bext or iXML behind a 2 GB data
// chunk costs a handful of small reads.

export interface RiffChunk extends Chunk {
  /** Body size in bytes without the pad byte: RF64's 64-bit size from ds64, a placeholder replaced by the real one. */
  size: number;
  /** The header held a placeholder (a writer that streamed, a recorder that crashed): the body runs to the end of the file. */
  runsToEnd?: boolean;
}

export interface RiffTruncation {
  id: string;
  /** What the chunk header claims. */
  claimed: number;
  /** What the file holds after the chunk header. */
  available: number;
}

export interface RiffLayout {
  /** W64: Sony Wave64, whose GUID chunks container/w64.ts reads into this same layout. */
  kind: 'RIFF' | 'RF64' | 'BW64' | 'W64';
  /** Offset of the RIFF header (after anything in front of it, such as an ID3 tag). */
  start: number;
  /** In file order; a truncated chunk is the last one, with the size the file really holds. */
  chunks: RiffChunk[];
  /** Set when a chunk claims more bytes than the file holds. */
  truncated?: RiffTruncation;
}

const SIZE_UNKNOWN = 0xffffffff;
/** Data sizes that streaming writers leave behind when they cannot seek back to fill in the real one. */
const STREAMING_PLACEHOLDERS = new Set([SIZE_UNKNOWN, 0x7fffffff, 0x80000000]);
/** sox writing to a pipe claims 0x7FFFF000 bytes, rounded down to whole blocks (0x7FFFEFFF for 24-bit mono). */
const SOX_PLACEHOLDER = 0x7ffff000;

/** The chunks of the WAVE file whose RIFF header is at `start`; null when there is no RIFF/RF64/BW64 WAVE header. */
export async function readRiff(reader: FileReader, start = 0): Promise<RiffLayout | null> {
  const header = await reader.readAt(start, 12);
  const kind = ascii(header, 0, 4);
  if ((kind !== 'RIFF' && kind !== 'RF64' && kind !== 'BW64') || ascii(header, 8, 4) !== 'WAVE') return null;
  const layout: RiffLayout = { kind, start, chunks: [] };
  // Filled in as the walk meets ds64 and fmt, which come before data in every file that has them.
  const seen: { ds64: Ds64 | null; blockAlign: number } = { ds64: null, blockAlign: 1 };

  await walkChunks(reader, start + 12, true, async ({ id, offset, bodyOffset, size: declared }) => {
    let size = declared;
    let runsToEnd = false;
    if (id === 'ds64' && kind !== 'RIFF') {
      seen.ds64 = parseDs64(await reader.readAt(bodyOffset, Math.min(size, 4096)));
    } else if (size === SIZE_UNKNOWN && seen.ds64) {
      size = id === 'data' ? seen.ds64.dataSize : (seen.ds64.table.get(id) ?? size);
    }
    if (id === 'fmt ' && size >= 14) {
      const field = await reader.readAt(bodyOffset + 12, 2);
      if (field.length === 2) seen.blockAlign = Math.max(1, view(field).getUint16(0, true));
    }
    const remaining = Math.max(0, reader.size - bodyOffset);
    if (id === 'data' && remaining > 0) {
      // A zero size with sample bytes (not another chunk) after it is a recorder that never closed the file.
      const unfinished = size === 0 && !(await chunkFollows(reader, bodyOffset, true));
      runsToEnd = unfinished || (size > remaining && isStreamingPlaceholder(size, seen.blockAlign));
      if (runsToEnd) size = remaining;
    }
    if (size > remaining) {
      layout.truncated = { id, claimed: size, available: remaining };
      layout.chunks.push({ id, offset, bodyOffset, size: remaining });
      return 'stop';
    }
    layout.chunks.push(runsToEnd ? { id, offset, bodyOffset, size, runsToEnd } : { id, offset, bodyOffset, size });
    return { size };
  });
  return layout;
}

function isStreamingPlaceholder(size: number, blockAlign: number): boolean {
  if (STREAMING_PLACEHOLDERS.has(size)) return true;
  return size <= SOX_PLACEHOLDER && SOX_PLACEHOLDER - size < blockAlign;
}

interface Ds64 {
  dataSize: number;
  /** 64-bit sizes of other chunks whose 32-bit size field says 0xFFFFFFFF. */
  table: Map<string, number>;
}

function parseDs64(body: Uint8Array): Ds64 {
  const table = new Map<string, number>();
  if (body.length < 28) return { dataSize: body.length >= 16 ? readU64LE(body, 8) : 0, table };
  const dataSize = readU64LE(body, 8);
  const tableLength = view(body).getUint32(24, true);
  for (let i = 0; i < tableLength && 28 + i * 12 + 12 <= body.length; i++) {
    const at = 28 + i * 12;
    table.set(ascii(body, at, 4), readU64LE(body, at + 4));
  }
  return { dataSize, table };
}

export function findChunk(layout: RiffLayout, id: string): RiffChunk | undefined {
  return layout.chunks.find((c) => c.id === id);
}

/** The truncation in words, for failure lists: "the data chunk claims 88200 bytes but only 4956 remain". */
export function describeTruncation(truncated: RiffTruncation): string {
  return `the ${truncated.id.trim()} chunk claims ${truncated.claimed} bytes but only ${truncated.available} remain`;
}
