import { open, type FileHandle } from 'node:fs/promises';
import { DecodeError } from './decode-error';

/** Positioned reads on an open file, so that parsers and streams never hold the whole file in memory. */
export interface FileReader {
  readonly path: string;
  readonly size: number;
  /** Up to `length` bytes from `position`; shorter only at the end of the file. */
  readAt(position: number, length: number): Promise<Uint8Array>;
  /** Fills `target` from `position` (reusing the caller's memory); returns the bytes read, fewer only at the end. */
  readInto(position: number, target: Uint8Array): Promise<number>;
  close(): Promise<void>;
}

export async function openFileReader(path: string): Promise<FileReader> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new DecodeError(describeFsError(error), path);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new DecodeError('is a folder, not a file', path);
    return new HandleReader(path, handle, stats.size);
  } catch (error) {
    await handle.close().catch(() => undefined);
    if (error instanceof DecodeError) throw error;
    throw new DecodeError(describeFsError(error), path);
  }
}

class HandleReader implements FileReader {
  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  async readAt(position: number, length: number): Promise<Uint8Array> {
    const bytes = new Uint8Array(Math.max(0, Math.min(length, this.size - position)));
    const filled = await this.readInto(position, bytes);
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  }

  async readInto(position: number, target: Uint8Array): Promise<number> {
    const wanted = Math.max(0, Math.min(target.length, this.size - position));
    let filled = 0;
    try {
      // One read() may return fewer bytes than asked (network drives, FUSE): loop until done or the file ends.
      while (filled < wanted) {
        const { bytesRead } = await this.handle.read(target, filled, wanted - filled, position + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
    } catch (error) {
      throw new DecodeError(describeFsError(error), this.path);
    }
    return filled;
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'EIO':
      return 'read error (I/O)';
    default:
      return `cannot read file${code ? ` (${code})` : ''}`;
  }
}
