// A selected stretch of a library file as a WAV of its own: what the player's "Export selection" downloads and its
// drag handle drops into another application. The file is found by id and must lie in a library root (resolveMedia),
// as for streaming; its audio is never changed.
import { basename, extname } from 'node:path';
import { readRegion } from '../audio/region';
import { DecodeError } from '../audio/decode-error';
import { encodeWav, losslessWavFormat } from '../audio/wav-encode';
import { badRequest } from '../base/errors';
import type { Db } from '../store/database';
import { resolveMedia } from './media';

/** A region is held in memory while it is written: ten minutes of 8-channel 96 kHz float is 1.8 GB, so cap it. */
export const MAX_REGION_SECONDS = 600;

export interface RegionAudio {
  /** Suggested file name, e.g. "door slam 0.250-1.500.wav". */
  fileName: string;
  bytes: Uint8Array<ArrayBuffer>;
}

export function checkRegion(start: number, end: number): void {
  if (!Number.isFinite(start) || !Number.isFinite(end) || start < 0 || end <= start)
    throw badRequest('A region needs 0 <= start < end, in seconds.');
  if (end - start > MAX_REGION_SECONDS)
    throw badRequest(`A region can be at most ${MAX_REGION_SECONDS / 60} minutes long.`);
}

export async function regionAudio(db: Db, fileId: number, start: number, end: number): Promise<RegionAudio> {
  checkRegion(start, end);
  const media = await resolveMedia(db, fileId);
  let region;
  try {
    region = await readRegion(media.path, start, end);
  } catch (error) {
    if (error instanceof DecodeError) throw badRequest(`Cannot cut that stretch: ${error.reason}.`);
    throw error;
  }
  const bytes = encodeWav(region.channels, region.sampleRate, losslessWavFormat(region.codec));
  return { fileName: regionFileName(media.path, start, end), bytes };
}

export function regionFileName(path: string, start: number, end: number): string {
  // Characters no file system accepts in a name become "_" (control characters too: they are below a space).
  const stem = [...basename(path, extname(path))]
    .map((char) => (char < ' ' || '\\/:*?"<>|'.includes(char) ? '_' : char))
    .join('');
  return `${stem} ${start.toFixed(3)}-${end.toFixed(3)}.wav`;
}
