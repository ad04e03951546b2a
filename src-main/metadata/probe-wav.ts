// Probe WAV / BWF / RF64 from chunk headers: format from `fmt `, duration from the data size,
// metadata from bext, iXML and LIST/INFO. The audio itself is never read.
import type { FileReader } from '../container/file-reader';
import { describeTruncation, findChunk, readRiff, type RiffChunk } from '../container/riff';
import { readW64 } from '../container/w64';
import {
  parseWaveFormat,
  WAVE_CODECS,
  WAVE_FORMAT_FLOAT,
  WAVE_FORMAT_PCM,
  type WaveFormat,
} from '../container/wave-format';
import { parseBext } from './bext';
import { ProbeError } from './errors';
import { parseIxml } from './ixml';
import { addNormalisedKeys } from './normalise';
import { parseInfoList } from './riff-info';
import { decodeField } from './text';
import type { FileProbe } from './types';

/** Metadata chunks bigger than this are not metadata anyone wrote by hand; skip rather than load. */
const MAX_METADATA_CHUNK = 8 << 20;

/** `container` 'w64': Sony Wave64, the same WAVE chunks in GUID form (container/w64.ts). */
export async function probeWav(
  reader: FileReader,
  start: number,
  container: 'riff' | 'w64' = 'riff',
): Promise<FileProbe> {
  const { path } = reader;
  const layout = container === 'w64' ? await readW64(reader, start) : await readRiff(reader, start);
  if (!layout) throw new ProbeError(path, 'not a recognised audio file (unknown content)');
  const fmtChunk = findChunk(layout, 'fmt ');
  const data = findChunk(layout, 'data');
  const last = layout.chunks[layout.chunks.length - 1];
  if (layout.truncated && (!data || last === data)) {
    throw new ProbeError(path, `truncated WAV file: ${describeTruncation(layout.truncated)}`);
  }
  if (!fmtChunk) throw new ProbeError(path, 'WAV file without a fmt chunk');
  if (!data) throw new ProbeError(path, 'WAV file without a data chunk (no audio)');
  const format = parseWaveFormat(await reader.readAt(fmtChunk.bodyOffset, Math.min(fmtChunk.size, 256)));
  if (!format || format.sampleRate === 0 || format.channels === 0) {
    throw new ProbeError(path, 'WAV file with an invalid fmt chunk');
  }
  const complete = layout.chunks.filter((c) => c !== last || !layout.truncated);
  const metadata: Record<string, string> = {};
  for (const chunk of complete) {
    if (chunk.size > MAX_METADATA_CHUNK) continue;
    if (chunk.id === 'bext') Object.assign(metadata, parseBext(await body(reader, chunk)));
    else if (chunk.id === 'iXML') Object.assign(metadata, parseIxml(decodeField(await body(reader, chunk))));
    else if (chunk.id === 'LIST') Object.assign(metadata, parseInfoList(await body(reader, chunk)));
  }
  const lossless = format.formatTag === WAVE_FORMAT_PCM || format.formatTag === WAVE_FORMAT_FLOAT;
  return {
    format: 'wav',
    codec: WAVE_CODECS[format.formatTag]?.id ?? `wav-0x${format.formatTag.toString(16).padStart(4, '0')}`,
    duration: await wavDuration(reader, layout.chunks, data, format, lossless),
    sampleRate: format.sampleRate,
    channels: format.channels,
    bitDepth: lossless ? format.validBits : null,
    metadata: addNormalisedKeys(metadata),
  };
}

async function wavDuration(
  reader: FileReader,
  chunks: RiffChunk[],
  data: RiffChunk,
  format: WaveFormat,
  lossless: boolean,
): Promise<number | null> {
  if (lossless && format.blockAlign > 0) return Math.floor(data.size / format.blockAlign) / format.sampleRate;
  // Compressed WAV: the fact chunk holds the true sample count, unless the writer streamed and never filled it in.
  const fact = chunks.find((c) => c.id === 'fact');
  if (fact && fact.size >= 4 && !data.runsToEnd) {
    const samples = (await reader.readAt(fact.bodyOffset, 4)).readUInt32LE(0);
    if (samples > 0) return samples / format.sampleRate;
  }
  return format.byteRate > 0 ? data.size / format.byteRate : null;
}

function body(reader: FileReader, chunk: RiffChunk): Promise<Buffer> {
  return reader.readAt(chunk.bodyOffset, chunk.size);
}
