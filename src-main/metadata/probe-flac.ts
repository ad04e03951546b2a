// Probe native FLAC from STREAMINFO and VORBIS_COMMENT only.
import type { FileReader } from '../container/file-reader';
import {
  FLAC_STREAMINFO,
  FLAC_VORBIS_COMMENT,
  parseStreamInfo,
  readFlacLayout,
  STREAMINFO_SIZE,
} from '../container/flac';
import { ProbeError } from './errors';
import { addNormalisedKeys } from './normalise';
import type { FileProbe } from './types';
import { flattenVorbisComments, parseVorbisComments } from './vorbis-comment';

export async function probeFlac(reader: FileReader, start: number): Promise<FileProbe> {
  const { path } = reader;
  let layout;
  try {
    layout = await readFlacLayout(reader, start);
  } catch (error) {
    throw new ProbeError(path, `damaged FLAC file: ${(error as Error).message}`);
  }
  const infoBlock = layout.blocks.find((b) => b.type === FLAC_STREAMINFO)!;
  if (infoBlock.size < STREAMINFO_SIZE) throw new ProbeError(path, 'damaged FLAC file: STREAMINFO is too short');
  const info = parseStreamInfo(await reader.readAt(infoBlock.offset + 4, STREAMINFO_SIZE), 0);
  if (!info) throw new ProbeError(path, 'damaged FLAC file: sample rate 0');
  if (layout.audioOffset >= reader.size) throw new ProbeError(path, 'truncated FLAC file: no audio frames');
  const metadata: Record<string, string> = {};
  const comments = layout.blocks.find((b) => b.type === FLAC_VORBIS_COMMENT);
  if (comments) {
    try {
      Object.assign(
        metadata,
        flattenVorbisComments(parseVorbisComments(await reader.readAt(comments.offset + 4, comments.size))),
      );
    } catch {
      // A broken comment block does not make the audio unusable; the file is catalogued without it.
    }
  }
  return {
    format: 'flac',
    codec: 'flac',
    duration: info.totalSamples > 0 ? info.totalSamples / info.sampleRate : null,
    sampleRate: info.sampleRate,
    channels: info.channels,
    bitDepth: info.bitsPerSample,
    metadata: addNormalisedKeys(metadata),
  };
}
