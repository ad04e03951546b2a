// Probe WAV / BWF / RF64 from chunk headers: format from `fmt `, duration from the data size,
// metadata from bext, iXML and LIST/INFO. The audio itself is never read.
import type { FileHandle } from 'node:fs/promises';
import { parseBext } from './bext';
import { ProbeError } from './errors';
import { readAt } from './file-io';
import { parseIxml } from './ixml';
import { addNormalisedKeys } from './normalise';
import { findChunk, walkRiff, type RiffChunk } from './riff';
import { parseInfoList } from './riff-info';
import { decodeField } from './text';
import type { FileProbe } from './types';
import { parseWavFormat } from './wav-format';

/** Metadata chunks bigger than this are not metadata anyone wrote by hand; skip rather than load. */
const MAX_METADATA_CHUNK = 8 << 20;

export async function probeWav(path: string, handle: FileHandle, fileSize: number, start: number): Promise<FileProbe> {
  const layout = await walkRiff(handle, fileSize, start);
  const fmtChunk = findChunk(layout, 'fmt ');
  const data = findChunk(layout, 'data');
  if (layout.truncated && (!data || layout.chunks[layout.chunks.length - 1] === data)) {
    throw new ProbeError(path, `truncated WAV file: ${layout.truncated}`);
  }
  if (!fmtChunk) throw new ProbeError(path, 'WAV file without a fmt chunk');
  if (!data) throw new ProbeError(path, 'WAV file without a data chunk (no audio)');
  const format = parseWavFormat(await readAt(handle, fmtChunk.dataOffset, Math.min(fmtChunk.size, 256)));
  if (!format || format.sampleRate === 0 || format.channels === 0) {
    throw new ProbeError(path, 'WAV file with an invalid fmt chunk');
  }
  const complete = layout.chunks.filter((c) => c !== layout.chunks[layout.chunks.length - 1] || !layout.truncated);
  const metadata: Record<string, string> = {};
  for (const chunk of complete) {
    if (chunk.size > MAX_METADATA_CHUNK) continue;
    if (chunk.id === 'bext') Object.assign(metadata, parseBext(await payload(handle, chunk)));
    else if (chunk.id === 'iXML') Object.assign(metadata, parseIxml(decodeField(await payload(handle, chunk))));
    else if (chunk.id === 'LIST') Object.assign(metadata, parseInfoList(await payload(handle, chunk)));
  }
  return {
    format: 'wav',
    codec: format.codec,
    duration: await wavDuration(handle, layout.chunks, data.size, format),
    sampleRate: format.sampleRate,
    channels: format.channels,
    bitDepth: format.bitDepth,
    metadata: addNormalisedKeys(metadata),
  };
}

async function wavDuration(
  handle: FileHandle,
  chunks: RiffChunk[],
  dataSize: number,
  format: NonNullable<ReturnType<typeof parseWavFormat>>,
): Promise<number | null> {
  if (format.bitDepth !== null && format.blockAlign > 0) {
    return Math.floor(dataSize / format.blockAlign) / format.sampleRate;
  }
  // Compressed WAV: the fact chunk holds the true sample count.
  const fact = chunks.find((c) => c.id === 'fact');
  if (fact && fact.size >= 4) {
    const samples = (await readAt(handle, fact.dataOffset, 4)).readUInt32LE(0);
    if (samples > 0) return samples / format.sampleRate;
  }
  return format.byteRate > 0 ? dataSize / format.byteRate : null;
}

function payload(handle: FileHandle, chunk: RiffChunk): Promise<Buffer> {
  return readAt(handle, chunk.dataOffset, chunk.size);
}
