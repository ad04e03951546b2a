// writeMetadata: put Description, Keywords and UCS category into the file itself, the way sound
// libraries keep them (bext + iXML USER for WAV, ID3v2 for MP3, Vorbis comments for FLAC, Ogg
// Vorbis and Ogg Opus).
// The new file is built beside the original and renamed over it; audio bytes are copied verbatim.
import { open, realpath, stat } from 'node:fs/promises';
import { assertWritable, replaceAtomically } from './atomic';
import { MetadataWriteError } from './errors';
import { isEmptyUpdate } from './fields';
import { sniffFormat, type Sniffed } from './sniff';
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
  const path = await realpath(givenPath).catch(() => givenPath);
  await assertWritable(path);
  const sniffed = await sniffPath(path);
  try {
    await replaceAtomically(path, async (source, temp) => {
      const size = (await source.stat()).size;
      switch (sniffed.container) {
        case 'riff':
        case 'rf64':
          return writeWav(path, source, temp, size, sniffed.start, await planWav(path, source, size, sniffed.start, update));
        case 'flac':
          return writeFlac(source, temp, size, await planFlac(path, source, size, sniffed.start, update));
        case 'mpeg':
          return writeMp3(source, temp, size, await planMp3(path, source, size, update));
        case 'ogg':
          return writeOgg(path, source, temp, size, await planOgg(path, source, size, sniffed, update));
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
  const size = (await stat(path)).size;
  if (size === 0) throw new MetadataWriteError(path, 'corrupt', 'empty file (0 bytes)');
  const handle = await open(path, 'r');
  try {
    return await sniffFormat(handle, size);
  } finally {
    await handle.close();
  }
}
