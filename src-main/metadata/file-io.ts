// Positioned writes for the metadata writers: the new file is assembled piece by piece, and audio payload is
// copied in bounded blocks so a multi-gigabyte file never sits in memory.
import type { FileHandle } from 'node:fs/promises';
import type { FileReader } from '../container/file-reader';

const COPY_BLOCK = 1 << 20;

/** Copies `length` bytes of `source` from `sourceOffset` into `target` at `targetOffset`. */
export async function copyRange(
  source: FileReader,
  sourceOffset: number,
  length: number,
  target: FileHandle,
  targetOffset: number,
): Promise<void> {
  const block = Buffer.alloc(Math.min(COPY_BLOCK, Math.max(length, 1)));
  let done = 0;
  while (done < length) {
    const want = Math.min(block.length, length - done);
    const read = await source.readInto(sourceOffset + done, block.subarray(0, want));
    if (read === 0) throw new Error(`unexpected end of file at byte ${sourceOffset + done}`);
    await writeAll(target, block.subarray(0, read), targetOffset + done);
    done += read;
  }
}

export async function writeAll(handle: FileHandle, data: Uint8Array, offset: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, offset + done);
    done += bytesWritten;
  }
}
