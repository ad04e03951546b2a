import { extname } from 'node:path';
import type { AudioFormat } from '../api/contract';
import { parseAiff } from './aiff';
import type { AudioStream } from './audio-stream';
import { openCompressedStream, type CompressedInfo } from './compressed-stream';
import { DecodeError } from './decode-error';
import { openFileReader, type FileReader } from './file-reader';
import { readFlacStreamInfo } from './flac-info';
import { id3v2Length, SNIFF_BYTES, sniffAfterId3, sniffFormat } from './formats';
import { readMp4AudioCodec } from './mp4-info';
import { findMpegFrame, isMpegFrameAt, mpegTotalSamples } from './mpeg';
import { readLastGranule, readOggInfo } from './ogg-info';
import { PcmStream } from './pcm-stream';
import { parseWav } from './wav';

/** Opens any supported file for block-by-block decoding, judging the format by content. Throws DecodeError. */
export async function openAudioStream(path: string): Promise<AudioStream> {
  const reader = await openFileReader(path);
  try {
    return await openWithReader(reader);
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
  const ext = extname(path).slice(1).toLowerCase();
  let head = await reader.readAt(0, SNIFF_BYTES);
  let format = sniffFormat(head, ext);
  let dataOffset = 0;

  const tagLength = id3v2Length(head);
  if (tagLength > 0) {
    // Look behind the tag itself: a long tag (cover art) hides what follows from the first read.
    if (tagLength >= reader.size) throw new DecodeError('not an audio file (ID3 tag only)', path);
    dataOffset = tagLength;
    head = await reader.readAt(tagLength, SNIFF_BYTES);
    format = sniffAfterId3(head, 0, ext) ?? (findMpegFrame(head, 0) >= 0 ? 'mp3' : 'unknown');
  }

  switch (format) {
    case 'wav':
      return new PcmStream(reader, await parseWav(reader), 'wav');
    case 'aiff':
      return new PcmStream(reader, await parseAiff(reader), 'aiff');
    case 'flac':
      return openCompressedStream(reader, head[0] === 0x4f ? await oggInfo(reader, head, 'flac') : flacInfo(reader, head, dataOffset));
    case 'mp3':
      return openCompressedStream(reader, mp3Info(reader, head, dataOffset));
    case 'ogg':
    case 'opus':
      return openCompressedStream(reader, await oggInfo(reader, head, format));
    case 'm4a': {
      // No MIT/BSD AAC or ALAC decoder exists on npm (checked: aac is LGPL, @audio/decode-aac is GPL-2.0).
      const codec = head[0] === 0xff ? 'AAC' : await readMp4AudioCodec(reader);
      throw new DecodeError(codec ? `unsupported codec: ${codec}` : 'no audio track in MP4 file', path);
    }
    default:
      throw new DecodeError(describeUnknown(head), path);
  }
}

function flacInfo(reader: FileReader, head: Uint8Array, dataOffset: number): CompressedInfo {
  const info = readFlacStreamInfo(head, 0);
  if (!info) throw new DecodeError('corrupt FLAC header (no STREAMINFO)', reader.path);
  return {
    format: 'flac',
    codec: 'flac',
    dataOffset,
    sampleRate: info.sampleRate,
    channelCount: info.channels,
    totalFrames: info.totalSamples > 0 ? info.totalSamples : null,
    rescaleFromBits: info.bitsPerSample <= 24 ? info.bitsPerSample : undefined,
  };
}

function mp3Info(reader: FileReader, head: Uint8Array, dataOffset: number): CompressedInfo {
  const frameOffset = isMpegFrameAt(head, 0) ? 0 : findMpegFrame(head, 0);
  const header = frameOffset >= 0 ? isMpegFrameAt(head, frameOffset) : null;
  if (!header) throw new DecodeError('corrupt MP3 (no frame header found)', reader.path);
  const exact = mpegTotalSamples(head.subarray(frameOffset, frameOffset + header.frameLength), header);
  // Without a Xing/VBRI tag the stream is (nearly always) constant bit rate: length follows from the size.
  const audioBytes = reader.size - dataOffset - frameOffset;
  const estimate = Math.round(((audioBytes * 8) / (header.bitrate * 1000)) * header.sampleRate);
  return {
    format: 'mp3',
    codec: 'mp3',
    dataOffset,
    sampleRate: header.sampleRate,
    channelCount: header.channels,
    totalFrames: exact ?? estimate,
    keepChannels: header.channels,
  };
}

async function oggInfo(reader: FileReader, head: Uint8Array, format: AudioFormat): Promise<CompressedInfo> {
  const info = readOggInfo(head);
  if (!info) throw new DecodeError('corrupt Ogg stream', reader.path);
  if (info.codec !== 'vorbis' && info.codec !== 'opus' && info.codec !== 'flac') {
    throw new DecodeError(`unsupported codec: ${info.codec}`, reader.path);
  }
  const granule = await readLastGranule(reader);
  return {
    format,
    codec: info.codec,
    dataOffset: 0,
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
