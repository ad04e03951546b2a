import { open, type FileHandle } from 'node:fs/promises';
import { fsPath } from '../base/path-bytes';

/**
 * Positioned reads on an open file, so that parsers, decoders and metadata writers never hold the whole file in
 * memory. Bytes come back as Buffers: the metadata code reads fields with Buffer's methods, the decoders as plain
 * Uint8Arrays.
 */
export interface FileReader {
  readonly path: string;
  readonly size: number;
  /** Up to `length` bytes from `position`; shorter only at the end of the file. */
  readAt(position: number, length: number): Promise<Buffer>;
  /** Fills `target` from `position` (reusing the caller's memory); returns the bytes read, fewer only at the end. */
  readInto(position: number, target: Uint8Array): Promise<number>;
  close(): Promise<void>;
}

/** What a reader throws when the file system fails it: a short reason for people, and the system's code. */
export class FileReadError extends Error {
  constructor(
    readonly reason: string,
    readonly path: string,
    readonly code?: string,
  ) {
    super(`${reason}: ${path}`);
    this.name = 'FileReadError';
  }
}

/** Turns a read failure into the caller's own error type (the decoder's DecodeError, for instance). */
export type ReadFailure = (reason: string, path: string, code: string | undefined) => Error;

const asFileReadError: ReadFailure = (reason, path, code) => new FileReadError(reason, path, code);

export async function openFileReader(path: string, failure: ReadFailure = asFileReadError): Promise<FileReader> {
  let handle: FileHandle;
  try {
    // A stored path with bytes that are not UTF-8 opens by those bytes (base/path-bytes.ts).
    handle = await open(fsPath(path), 'r');
  } catch (error) {
    throw failure(describeFsError(error), path, errorCode(error));
  }
  let isDirectory: boolean;
  let size: number;
  try {
    const stats = await handle.stat();
    isDirectory = stats.isDirectory();
    size = stats.size;
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw failure(describeFsError(error), path, errorCode(error));
  }
  if (isDirectory) {
    await handle.close().catch(() => undefined);
    throw failure('is a folder, not a file', path, 'EISDIR');
  }
  return new HandleReader(path, handle, size, failure);
}

class HandleReader implements FileReader {
  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly size: number,
    private readonly failure: ReadFailure,
  ) {}

  async readAt(position: number, length: number): Promise<Buffer> {
    const bytes = Buffer.alloc(Math.max(0, Math.min(length, this.size - position)));
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
      throw this.failure(describeFsError(error), this.path, errorCode(error));
    }
    return filled;
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function describeFsError(error: unknown): string {
  const code = errorCode(error);
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
