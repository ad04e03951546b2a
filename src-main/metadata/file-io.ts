// Small positioned-I/O helpers: probing reads only headers, and writing copies audio payload
// in bounded blocks so a multi-gigabyte file never sits in memory.
import type { FileHandle } from 'node:fs/promises';

/** Reads up to `length` bytes at `offset`; the result is shorter at end of file. */
export async function readAt(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buf, got, length - got, offset + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}

const COPY_BLOCK = 1 << 20;

/** Copies `length` bytes from `src` at `srcOffset` to the end of what was written so far in `dst`. */
export async function copyRange(
  src: FileHandle,
  srcOffset: number,
  length: number,
  dst: FileHandle,
  dstOffset: number,
): Promise<void> {
  const buf = Buffer.alloc(Math.min(COPY_BLOCK, Math.max(length, 1)));
  let done = 0;
  while (done < length) {
    const want = Math.min(buf.length, length - done);
    const { bytesRead } = await src.read(buf, 0, want, srcOffset + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${srcOffset + done}`);
    await writeAll(dst, buf.subarray(0, bytesRead), dstOffset + done);
    done += bytesRead;
  }
}

export async function writeAll(handle: FileHandle, data: Uint8Array, offset: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, offset + done);
    done += bytesWritten;
  }
}
