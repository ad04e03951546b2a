// Probe native FLAC from STREAMINFO and VORBIS_COMMENT only.
import type { FileHandle } from 'node:fs/promises';
import { ProbeError } from './errors';
import { readAt } from './file-io';
import { FLAC_STREAMINFO, FLAC_VORBIS_COMMENT, parseStreamInfo, readFlacLayout } from './flac';
import { addNormalisedKeys } from './normalise';
import type { FileProbe } from './types';
import { flattenVorbisComments, parseVorbisComments } from './vorbis-comment';

export async function probeFlac(path: string, handle: FileHandle, fileSize: number, start: number): Promise<FileProbe> {
  let layout;
  try {
    layout = await readFlacLayout(handle, start, fileSize);
  } catch (error) {
    throw new ProbeError(path, `damaged FLAC file: ${(error as Error).message}`);
  }
  const infoBlock = layout.blocks.find((b) => b.type === FLAC_STREAMINFO)!;
  if (infoBlock.size < 34) throw new ProbeError(path, 'damaged FLAC file: STREAMINFO is too short');
  const info = parseStreamInfo(await readAt(handle, infoBlock.offset + 4, 34));
  if (info.sampleRate === 0) throw new ProbeError(path, 'damaged FLAC file: sample rate 0');
  if (layout.audioOffset >= fileSize) throw new ProbeError(path, 'truncated FLAC file: no audio frames');
  const metadata: Record<string, string> = {};
  const comments = layout.blocks.find((b) => b.type === FLAC_VORBIS_COMMENT);
  if (comments) {
    try {
      Object.assign(metadata, flattenVorbisComments(parseVorbisComments(await readAt(handle, comments.offset + 4, comments.size))));
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
    bitDepth: info.bitDepth,
    metadata: addNormalisedKeys(metadata),
  };
}
