import { DecodeError } from './decode-error';
import type { FileReader } from './file-reader';
import { walkChunks } from './chunks';
import { BYTES_PER_SAMPLE, type PcmLayout, type SampleEncoding } from './pcm';

// RIFF/WAVE, Broadcast WAV (BWF: a WAV with a bext chunk, nothing else changes for decoding), and the 64-bit
// variants RF64 (EBU Tech 3306) and BW64 (ITU-R BS.2088) whose sizes live in a ds64 chunk.

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_ALAW = 0x0006;
const FORMAT_ULAW = 0x0007;
const FORMAT_EXTENSIBLE = 0xfffe;
/** 32-bit size fields that recorders write before they know the length and never come back to fix. */
const PLACEHOLDER_SIZES = new Set([0, 0xffffffff]);

const KNOWN_CODECS: Record<number, string> = {
  0x0002: 'MS ADPCM',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG',
  0x0055: 'MP3',
  0x00ff: 'AAC',
  0x0161: 'WMA',
  0x1610: 'AAC',
};

interface FmtChunk {
  formatCode: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
}

export async function parseWav(reader: FileReader): Promise<PcmLayout> {
  const head = await reader.readAt(0, 12);
  const riffId = String.fromCharCode(...head.subarray(0, 4));
  if (head.length < 12 || String.fromCharCode(...head.subarray(8, 12)) !== 'WAVE') {
    throw new DecodeError('not a WAV file', reader.path);
  }
  const is64 = riffId === 'RF64' || riffId === 'BW64';
  let ds64DataSize: number | null = null;
  let fmt: FmtChunk | null = null;
  let data: { offset: number; bytes: number } | null = null;

  await walkChunks(reader, 12, true, async (chunk) => {
    if (chunk.id === 'ds64') {
      const body = await reader.readAt(chunk.bodyOffset, Math.min(chunk.size, 28));
      if (body.length >= 16) ds64DataSize = readU64LE(body, 8);
    } else if (chunk.id === 'fmt ') {
      fmt = parseFmt(await reader.readAt(chunk.bodyOffset, Math.min(chunk.size, 64)), reader.path);
    } else if (chunk.id === 'data') {
      const available = reader.size - chunk.bodyOffset;
      let declared: number | null = chunk.size;
      if (is64 && chunk.size === 0xffffffff) declared = ds64DataSize;
      // A recorder that crashed before closing the file leaves 0 or 0xFFFFFFFF: the data runs to the end.
      if (declared === null || declared === 0 || (!is64 && PLACEHOLDER_SIZES.has(declared))) declared = available;
      if (declared > available) {
        throw new DecodeError(
          `truncated WAV data chunk (header says ${declared} bytes, file holds ${available})`,
          reader.path,
        );
      }
      data = { offset: chunk.bodyOffset, bytes: declared };
      if (declared === available) return 'stop';
      return fmt ? 'stop' : { skip: declared };
    }
  });

  // TypeScript cannot see the assignments inside the callback.
  const foundFmt = fmt as FmtChunk | null;
  const foundData = data as { offset: number; bytes: number } | null;
  if (!foundFmt) throw new DecodeError('WAV has no fmt chunk', reader.path);
  if (!foundData) throw new DecodeError('WAV has no data chunk', reader.path);
  const { encoding, codec } = wavEncoding(foundFmt, reader.path);
  const frameBytes = BYTES_PER_SAMPLE[encoding] * foundFmt.channels;
  return {
    encoding,
    codec,
    channels: foundFmt.channels,
    sampleRate: foundFmt.sampleRate,
    dataOffset: foundData.offset,
    frames: Math.floor(foundData.bytes / frameBytes),
  };
}

function parseFmt(body: Uint8Array, path: string): FmtChunk {
  if (body.length < 16) throw new DecodeError('corrupt WAV fmt chunk', path);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let formatCode = view.getUint16(0, true);
  if (formatCode === FORMAT_EXTENSIBLE) {
    // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the SubFormat GUID.
    if (body.length < 26) throw new DecodeError('corrupt WAV fmt chunk (extensible)', path);
    formatCode = view.getUint16(24, true);
  }
  const fmt = {
    formatCode,
    channels: view.getUint16(2, true),
    sampleRate: view.getUint32(4, true),
    blockAlign: view.getUint16(12, true),
    bitsPerSample: view.getUint16(14, true),
  };
  if (fmt.channels === 0 || fmt.sampleRate === 0) throw new DecodeError('corrupt WAV fmt chunk', path);
  return fmt;
}

function wavEncoding(fmt: FmtChunk, path: string): { encoding: SampleEncoding; codec: string } {
  // Samples are stored in whole bytes, left-justified: 20-bit audio sits in 3-byte containers and reads as 24-bit.
  const containerBits = containerBitsOf(fmt);
  switch (fmt.formatCode) {
    case FORMAT_PCM: {
      const encoding = ({ 8: 'uint8', 16: 'int16le', 24: 'int24le', 32: 'int32le' } as const)[containerBits];
      if (encoding) return { encoding, codec: `PCM ${fmt.bitsPerSample}-bit` };
      break;
    }
    case FORMAT_FLOAT: {
      const encoding = ({ 32: 'float32le', 64: 'float64le' } as const)[containerBits];
      if (encoding) return { encoding, codec: `float ${containerBits}-bit` };
      break;
    }
    case FORMAT_ALAW:
      if (containerBits === 8) return { encoding: 'alaw', codec: 'A-law' };
      break;
    case FORMAT_ULAW:
      if (containerBits === 8) return { encoding: 'ulaw', codec: 'µ-law' };
      break;
    default: {
      const name = KNOWN_CODECS[fmt.formatCode];
      const hex = `0x${fmt.formatCode.toString(16).padStart(4, '0')}`;
      throw new DecodeError(`unsupported codec: ${name ? `${name} (WAV format ${hex})` : `WAV format ${hex}`}`, path);
    }
  }
  throw new DecodeError(`unsupported sample size: ${fmt.bitsPerSample}-bit`, path);
}

function containerBitsOf(fmt: FmtChunk): number {
  if (fmt.bitsPerSample % 8 === 0 && fmt.bitsPerSample > 0) return fmt.bitsPerSample;
  const fromBlockAlign = fmt.blockAlign / fmt.channels;
  return Number.isInteger(fromBlockAlign) && fromBlockAlign > 0 ? fromBlockAlign * 8 : Math.ceil(fmt.bitsPerSample / 8) * 8;
}

function readU64LE(bytes: Uint8Array, offset: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint32(offset, true) + view.getUint32(offset + 4, true) * 2 ** 32;
}
