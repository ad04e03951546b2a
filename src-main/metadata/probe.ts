// probeFile: what the fast catalogue pass learns about every file. Headers only, never a decode;
// every failure becomes a ProbeError with a reason a person can act on.
import { stat } from 'node:fs/promises';
import { fsPath } from '../base/path-bytes';
import { openFileReader, type FileReader } from '../container/file-reader';
import { sniffFile } from '../container/sniff';
import { ProbeError } from './errors';
import { probeFlac } from './probe-flac';
import { probeTagged } from './probe-tagged';
import { probeWav } from './probe-wav';
import type { FileProbe } from './types';

export { ProbeError } from './errors';
export type { FileProbe } from './types';

/** Ogg codecs that carry audio music-metadata reads; video or index streams alone are not a sound. */
const OGG_AUDIO = new Set(['vorbis', 'opus', 'flac', 'speex']);

export async function probeFile(path: string): Promise<FileProbe> {
  let size: number;
  try {
    const info = await stat(fsPath(path));
    if (!info.isFile()) throw new ProbeError(path, 'not a regular file');
    size = info.size;
  } catch (error) {
    if (error instanceof ProbeError) throw error;
    throw new ProbeError(
      path,
      `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (size === 0) throw new ProbeError(path, 'empty file (0 bytes)');
  const reader: FileReader = await openFileReader(
    path,
    (reason, _, code) => new ProbeError(path, `cannot read the file: ${code ?? reason}`),
  );
  try {
    const sniffed = await sniffFile(reader);
    switch (sniffed.container) {
      case 'riff':
      case 'rf64':
        return await probeWav(reader, sniffed.start);
      case 'w64':
        return await probeWav(reader, sniffed.start, 'w64');
      case 'flac':
        return await probeFlac(reader, sniffed.start);
      case 'ogg':
        if (!sniffed.ogg || !OGG_AUDIO.has(sniffed.ogg.codec)) break;
        return await probeTagged(path, sniffed);
      case 'unknown':
        break;
      default:
        return await probeTagged(path, sniffed);
    }
    throw new ProbeError(path, 'not a recognised audio file (unknown content)');
  } catch (error) {
    if (error instanceof ProbeError) throw error;
    throw new ProbeError(path, `cannot read the file: ${(error as Error).message}`);
  } finally {
    await reader.close();
  }
}
