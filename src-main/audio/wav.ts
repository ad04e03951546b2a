import type { FileReader } from '../container/file-reader';
import { findChunk, readRiff } from '../container/riff';
import { readW64 } from '../container/w64';
import {
  parseWaveFormat,
  WAVE_CODECS,
  WAVE_FORMAT_ALAW,
  WAVE_FORMAT_FLOAT,
  WAVE_FORMAT_PCM,
  WAVE_FORMAT_ULAW,
  type WaveFormat,
} from '../container/wave-format';
import { DecodeError } from './decode-error';
import { BYTES_PER_SAMPLE, type PcmLayout, type SampleEncoding } from './pcm';

// WAV sample data as the decoder reads it (RIFF, BWF, RF64, BW64 alike: the chunk walk in container/riff.ts has
// already resolved 64-bit and placeholder sizes), and Sony Wave64, whose GUID chunks container/w64.ts reads into the
// same layout.

export async function parseWav(reader: FileReader, start = 0, container: 'riff' | 'w64' = 'riff'): Promise<PcmLayout> {
  const riff = container === 'w64' ? await readW64(reader, start) : await readRiff(reader, start);
  if (!riff) throw new DecodeError('not a WAV file', reader.path);
  const fmtChunk = findChunk(riff, 'fmt ');
  const data = findChunk(riff, 'data');
  if (data && riff.truncated?.id === 'data') {
    const { claimed, available } = riff.truncated;
    throw new DecodeError(
      `truncated WAV data chunk (header says ${claimed} bytes, file holds ${available})`,
      reader.path,
    );
  }
  if (!fmtChunk) throw new DecodeError('WAV has no fmt chunk', reader.path);
  if (!data) throw new DecodeError('WAV has no data chunk', reader.path);
  const fmt = parseWaveFormat(await reader.readAt(fmtChunk.bodyOffset, Math.min(fmtChunk.size, 64)));
  if (!fmt || fmt.channels === 0 || fmt.sampleRate === 0) throw new DecodeError('corrupt WAV fmt chunk', reader.path);
  if (fmt.extensibleCut) throw new DecodeError('corrupt WAV fmt chunk (extensible)', reader.path);
  const { encoding, codec } = wavEncoding(fmt, reader.path);
  const frameBytes = BYTES_PER_SAMPLE[encoding] * fmt.channels;
  return {
    encoding,
    codec,
    channels: fmt.channels,
    sampleRate: fmt.sampleRate,
    dataOffset: data.bodyOffset,
    frames: Math.floor(data.size / frameBytes),
  };
}

function wavEncoding(fmt: WaveFormat, path: string): { encoding: SampleEncoding; codec: string } {
  // Samples are stored in whole bytes, left-justified: 20-bit audio sits in 3-byte containers and reads as 24-bit.
  const containerBits = containerBitsOf(fmt);
  switch (fmt.formatTag) {
    case WAVE_FORMAT_PCM: {
      const encoding = ({ 8: 'uint8', 16: 'int16le', 24: 'int24le', 32: 'int32le' } as const)[containerBits];
      if (encoding) return { encoding, codec: `PCM ${fmt.bitsPerSample}-bit` };
      break;
    }
    case WAVE_FORMAT_FLOAT: {
      const encoding = ({ 32: 'float32le', 64: 'float64le' } as const)[containerBits];
      if (encoding) return { encoding, codec: `float ${containerBits}-bit` };
      break;
    }
    case WAVE_FORMAT_ALAW:
      if (containerBits === 8) return { encoding: 'alaw', codec: 'A-law' };
      break;
    case WAVE_FORMAT_ULAW:
      if (containerBits === 8) return { encoding: 'ulaw', codec: 'µ-law' };
      break;
    default: {
      const name = WAVE_CODECS[fmt.formatTag]?.name;
      const hex = `0x${fmt.formatTag.toString(16).padStart(4, '0')}`;
      throw new DecodeError(`unsupported codec: ${name ? `${name} (WAV format ${hex})` : `WAV format ${hex}`}`, path);
    }
  }
  throw new DecodeError(`unsupported sample size: ${fmt.bitsPerSample}-bit`, path);
}

function containerBitsOf(fmt: WaveFormat): number {
  if (fmt.bitsPerSample % 8 === 0 && fmt.bitsPerSample > 0) return fmt.bitsPerSample;
  const fromBlockAlign = fmt.blockAlign / fmt.channels;
  return Number.isInteger(fromBlockAlign) && fromBlockAlign > 0
    ? fromBlockAlign * 8
    : Math.ceil(fmt.bitsPerSample / 8) * 8;
}
