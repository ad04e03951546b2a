// writeMetadata: put Description, Keywords and UCS category into the file itself, the way sound
// libraries keep them (bext + iXML USER for WAV, ID3v2 for MP3, Vorbis comments for FLAC, Ogg
// Vorbis and Ogg Opus).
// The new file is built beside the original and renamed over it; audio bytes are copied verbatim.
import { realpath } from 'node:fs/promises';
import { fsPath, pathFromBytes } from '../base/path-bytes';
import { openFileReader } from '../container/file-reader';
import { sniffFile, type Sniffed } from '../container/sniff';
import { assertWritable, replaceAtomically } from './atomic';
import { MetadataWriteError } from './errors';
import { isEmptyUpdate } from './fields';
import type { MetadataUpdate } from './types';
import { planFlac, writeFlac } from './write-flac';
import { planMp3, writeMp3 } from './write-mp3';
import { planOgg, writeOgg } from './write-ogg';
import { planWav, writeWav } from './write-wav';

export { MetadataWriteError } from './errors';
export type { MetadataUpdate } from './types';

/** Formats `writeMetadata` can write ("ogg" means Ogg Vorbis; Ogg FLAC and Speex are refused). */
export const WRITABLE_FORMATS = ['wav', 'flac', 'mp3', 'ogg', 'opus'] as const;

export async function writeMetadata(givenPath: string, update: MetadataUpdate): Promise<void> {
  if (isEmptyUpdate(update)) throw new MetadataWriteError(givenPath, 'bad-request', 'nothing to write');
  // Write through symbolic links: renaming over the link itself would replace it with a copy.
  const path = await realpath(fsPath(givenPath), { encoding: 'buffer' }).then(pathFromBytes, () => givenPath);
  await assertWritable(path);
  // Sniffed before the temp file exists: a refusal leaves even the folder untouched.
  const sniffed = await sniffPath(path);
  try {
    await replaceAtomically(path, async (source, temp) => {
      switch (sniffed.container) {
        case 'riff':
        case 'rf64':
          return writeWav(source, temp, await planWav(source, sniffed.start, update));
        case 'flac':
          return writeFlac(source, temp, await planFlac(source, sniffed.start, update));
        case 'mpeg':
          return writeMp3(source, temp, await planMp3(source, update));
        case 'ogg':
          return writeOgg(source, temp, await planOgg(source, sniffed, update));
        case 'w64':
          throw new MetadataWriteError(
            path,
            'unsupported-format',
            'writing metadata is not supported for Sony Wave64 (.w64) files (supported: WAV/BWF/RF64, FLAC, MP3, Ogg Vorbis, Opus)',
          );
        default:
          throw new MetadataWriteError(
            path,
            'unsupported-format',
            sniffed.format === 'unknown'
              ? 'not a recognised audio file'
              : `writing metadata is not supported for ${sniffed.format} files (supported: WAV/BWF/RF64, FLAC, MP3, Ogg Vorbis, Opus)`,
          );
      }
    });
  } catch (error) {
    if (error instanceof MetadataWriteError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'read-only' : 'io';
    throw new MetadataWriteError(path, reason, `cannot write the file: ${code ?? (error as Error).message}`);
  }
}

async function sniffPath(path: string): Promise<Sniffed> {
  const reader = await openFileReader(path);
  try {
    if (reader.size === 0) throw new MetadataWriteError(path, 'corrupt', 'empty file (0 bytes)');
    return await sniffFile(reader);
  } finally {
    await reader.close();
  }
}
