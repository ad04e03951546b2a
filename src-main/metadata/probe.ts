// probeFile: what the fast catalogue pass learns about every file. Headers only, never a decode;
// every failure becomes a ProbeError with a reason a person can act on.
import { open, stat } from 'node:fs/promises';
import { ProbeError } from './errors';
import { probeFlac } from './probe-flac';
import { probeTagged } from './probe-tagged';
import { probeWav } from './probe-wav';
import { sniffFormat } from './sniff';
import type { FileProbe } from './types';

export { ProbeError } from './errors';
export type { FileProbe } from './types';

export async function probeFile(path: string): Promise<FileProbe> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ProbeError(path, 'not a regular file');
    size = info.size;
  } catch (error) {
    if (error instanceof ProbeError) throw error;
    throw new ProbeError(path, `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size === 0) throw new ProbeError(path, 'empty file (0 bytes)');
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new ProbeError(path, `cannot open the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const sniffed = await sniffFormat(handle, size);
    switch (sniffed.container) {
      case 'riff':
      case 'rf64':
        return await probeWav(path, handle, size, sniffed.start);
      case 'flac':
        return await probeFlac(path, handle, size, sniffed.start);
      case 'unknown':
        throw new ProbeError(path, 'not a recognised audio file (unknown content)');
      default:
        return await probeTagged(path, sniffed.format);
    }
  } catch (error) {
    if (error instanceof ProbeError) throw error;
    throw new ProbeError(path, `cannot read the file: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}
