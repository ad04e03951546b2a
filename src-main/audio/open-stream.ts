import { openFileReader, type FileReader } from '../container/file-reader';
import { readStreamInfo } from '../container/flac';
import { readMp4AudioCodec } from '../container/mp4';
import { isMpegFrameAt, mpegTotalSamples } from '../container/mpeg';
import { readLastGranule, type OggInfo } from '../container/ogg-stream';
import { sniffFile, type Sniffed } from '../container/sniff';
import { parseAiff } from './aiff';
import type { AudioStream } from './audio-stream';
import { openCompressedStream, type CompressedInfo } from './compressed-stream';
import { DecodeError } from './decode-error';
import { PcmStream } from './pcm-stream';
import { assertDecodableRate } from './sample-rate';
import { parseWav } from './wav';

/** Opens any supported file for block-by-block decoding, judging the format by content. Throws DecodeError. */
export async function openAudioStream(path: string): Promise<AudioStream> {
  const reader = await openFileReader(path, (reason) => new DecodeError(reason, path));
  try {
    const stream = await openWithReader(reader);
    try {
      // Up front, before a decoder or resampler sizes anything by it (a WAV claiming 2^31-1 Hz).
      assertDecodableRate(stream.sampleRate, path);
    } catch (error) {
      await stream.close();
      throw error;
    }
    return stream;
  } catch (error) {
    await reader.close();
    if (error instanceof DecodeError) throw error;
    // Anything else is a bug or a decoder surprise; the caller still gets the one error type it handles.
    throw new DecodeError(`cannot decode (${error instanceof Error ? error.message : String(error)})`, path);
  }
}

async function openWithReader(reader: FileReader): Promise<AudioStream> {
  const { path } = reader;
  if (reader.size === 0) throw new DecodeError('empty file', path);
  const sniffed = await sniffFile(reader);
  if (sniffed.start >= reader.size) throw new DecodeError('not an audio file (ID3 tag only)', path);

  switch (sniffed.container) {
    case 'riff':
    case 'rf64':
      return new PcmStream(reader, await parseWav(reader, sniffed.start), 'wav');
    case 'w64':
      return new PcmStream(reader, await parseWav(reader, sniffed.start, 'w64'), 'wav');
    case 'aiff':
      return new PcmStream(reader, await parseAiff(reader, sniffed.start), 'aiff');
    case 'flac':
      return openCompressedStream(reader, flacInfo(reader, sniffed));
    case 'mpeg':
      return openCompressedStream(reader, await mp3Info(reader, sniffed));
    case 'ogg':
      return openCompressedStream(reader, await oggInfo(reader, sniffed));
    case 'adts':
      // No MIT/BSD AAC or ALAC decoder exists on npm (checked: aac is LGPL, @audio/decode-aac is GPL-2.0).
      throw new DecodeError('unsupported codec: AAC', path);
    case 'mp4': {
      const codec = await readMp4AudioCodec(reader);
      throw new DecodeError(codec ? `unsupported codec: ${codec}` : 'no audio track in MP4 file', path);
    }
    default:
      throw new DecodeError(describeUnknown(sniffed.head), path);
  }
}

function flacInfo(reader: FileReader, sniffed: Sniffed): CompressedInfo {
  const info = readStreamInfo(sniffed.head, 0);
  if (!info) throw new DecodeError('corrupt FLAC header (no STREAMINFO)', reader.path);
  return {
    format: 'flac',
    codec: 'flac',
    dataOffset: sniffed.start,
    sampleRate: info.sampleRate,
    channelCount: info.channels,
    totalFrames: info.totalSamples > 0 ? info.totalSamples : null,
    rescaleFromBits: info.bitsPerSample <= 24 ? info.bitsPerSample : undefined,
  };
}

async function mp3Info(reader: FileReader, sniffed: Sniffed): Promise<CompressedInfo> {
  const frameOffset = sniffed.start + (sniffed.frameOffset ?? 0);
  const header = isMpegFrameAt(sniffed.head, sniffed.frameOffset ?? 0);
  if (!header) throw new DecodeError('corrupt MP3 (no frame header found)', reader.path);
  // The first frame whole, wherever in the sniffed bytes it began: its Xing/LAME tag gives the exact length.
  const exact = mpegTotalSamples(await reader.readAt(frameOffset, header.frameLength), header);
  // Without a Xing/VBRI tag the stream is (nearly always) constant bit rate: length follows from the size.
  const audioBytes = reader.size - frameOffset;
  const estimate = Math.round(((audioBytes * 8) / (header.bitrate * 1000)) * header.sampleRate);
  return {
    format: 'mp3',
    codec: 'mp3',
    dataOffset: sniffed.start,
    sampleRate: header.sampleRate,
    channelCount: header.channels,
    totalFrames: exact ?? estimate,
    keepChannels: header.channels,
  };
}

async function oggInfo(reader: FileReader, sniffed: Sniffed): Promise<CompressedInfo> {
  const info: OggInfo | undefined = sniffed.ogg;
  if (!info) throw new DecodeError('corrupt Ogg stream', reader.path);
  if (info.codec !== 'vorbis' && info.codec !== 'opus' && info.codec !== 'flac') {
    throw new DecodeError(`unsupported codec: ${info.name}`, reader.path);
  }
  const granule = await readLastGranule(reader);
  return {
    format: sniffed.format,
    codec: info.codec,
    dataOffset: sniffed.start,
    sampleRate: info.sampleRate,
    channelCount: info.channels,
    totalFrames: granule === null ? null : Math.max(0, granule - info.preSkip),
    rescaleFromBits: info.bitsPerSample !== undefined && info.bitsPerSample <= 24 ? info.bitsPerSample : undefined,
  };
}

/** A reason that says a little more than "not an audio file" when the bytes say what the file really is. */
function describeUnknown(head: Uint8Array): string {
  const start = String.fromCharCode(...head.subarray(0, 8));
  if (start.startsWith('MThd')) return 'not an audio file (MIDI)';
  if (start.startsWith('%PDF')) return 'not an audio file (PDF)';
  if (start.startsWith('PK\x03\x04')) return 'not an audio file (ZIP archive)';
  if (start.startsWith('\x1aE\xdf\xa3')) return 'unsupported container: Matroska/WebM';
  if (start.startsWith('RIFF')) return `unsupported RIFF file (${String.fromCharCode(...head.subarray(8, 12))})`;
  if (start.startsWith('FORM')) return `unsupported IFF file (${String.fromCharCode(...head.subarray(8, 12))})`;
  if (start.startsWith('wvpk')) return 'unsupported codec: WavPack';
  if (start.startsWith('MAC ')) return "unsupported codec: Monkey's Audio";
  if (start.startsWith('caff')) return 'unsupported container: CAF';
  return 'not an audio file';
}
