// Rewrite a WAV / BWF / RF64 file with a new bext Description and iXML USER block. Every other
// chunk, the data chunk above all, is copied byte for byte from the original.
import type { FileHandle } from 'node:fs/promises';
import type { FileReader } from '../container/file-reader';
import { describeTruncation, findChunk, readRiff, type RiffChunk, type RiffLayout } from '../container/riff';
import { withBextDescription } from './bext';
import { MetadataWriteError } from './errors';
import { ixmlUserFields } from './fields';
import { copyRange, writeAll } from './file-io';
import { newIxml, updateIxmlUser } from './ixml';
import { decodeField } from './text';
import type { MetadataUpdate } from './types';

type Piece = { copy: RiffChunk } | { id: string; payload: Buffer };

export async function planWav(source: FileReader, start: number, update: MetadataUpdate) {
  const { path } = source;
  const layout = await readRiff(source, start);
  if (!layout) throw new MetadataWriteError(path, 'corrupt', 'the WAV file has no RIFF header');
  if (layout.truncated)
    throw new MetadataWriteError(path, 'corrupt', `the file is damaged: ${describeTruncation(layout.truncated)}`);
  if (!findChunk(layout, 'fmt ') || !findChunk(layout, 'data')) {
    throw new MetadataWriteError(path, 'corrupt', 'the WAV file has no fmt or data chunk');
  }
  const pieces: Piece[] = layout.chunks.map((chunk) => ({ copy: chunk }));
  const replace = (id: string, payload: Buffer, before: string) => {
    const at = pieces.findIndex((p) => 'copy' in p && p.copy.id === id);
    if (at >= 0) pieces[at] = { id, payload };
    else
      pieces.splice(
        pieces.findIndex((p) => 'copy' in p && p.copy.id === before),
        0,
        { id, payload },
      );
  };
  if (update.description !== undefined) {
    const bext = findChunk(layout, 'bext');
    const existing = bext ? await source.readAt(bext.bodyOffset, bext.size) : null;
    // BWF writers put bext ahead of fmt; new chunks follow that habit.
    replace('bext', withBextDescription(existing, update.description), 'fmt ');
  }
  const user = ixmlUserFields(update);
  if (Object.keys(user).length > 0) {
    const ixml = findChunk(layout, 'iXML');
    let text: string;
    if (ixml) {
      try {
        text = updateIxmlUser(decodeField(await source.readAt(ixml.bodyOffset, ixml.size)), user);
      } catch (error) {
        throw new MetadataWriteError(path, 'corrupt', `cannot update the iXML chunk: ${(error as Error).message}`);
      }
    } else {
      text = newIxml(user);
    }
    replace('iXML', Buffer.from(text, 'utf8'), 'data');
  }
  return { layout, pieces };
}

export async function writeWav(
  source: FileReader,
  temp: FileHandle,
  plan: { layout: RiffLayout; pieces: Piece[] },
): Promise<void> {
  const { layout, pieces } = plan;
  const { path, size: fileSize } = source;
  const { start } = layout;
  // Anything in front of the RIFF header (rare: an ID3 tag) and after the last chunk stays as is.
  let out = 0;
  if (start > 0) {
    await copyRange(source, 0, start, temp, 0);
    out = start;
  }
  const header = await source.readAt(start, 12);
  await writeAll(temp, header, out);
  const riffStart = out;
  out += 12;
  for (const piece of pieces) {
    if ('copy' in piece) {
      const chunk = piece.copy;
      const padded = chunk.size + (chunk.size & 1);
      const available = Math.min(8 + padded, fileSize - chunk.offset);
      await copyRange(source, chunk.offset, available, temp, out);
      if (chunk.id === 'data' && layout.kind === 'RIFF') {
        // A streamed file's placeholder size (0, 0x7FFFF000 ...) becomes the real one; audio bytes are untouched.
        const size = Buffer.alloc(4);
        size.writeUInt32LE(chunk.size);
        await writeAll(temp, size, out + 4);
      }
      out += available;
      if (available < 8 + padded) {
        // The original lacked the pad byte after an odd-sized last chunk; RIFF requires it.
        await writeAll(temp, Buffer.alloc(8 + padded - available), out);
        out = out + 8 + padded - available;
      }
    } else {
      const head = Buffer.alloc(8);
      head.write(piece.id, 0, 'latin1');
      head.writeUInt32LE(piece.payload.length, 4);
      const pad = Buffer.alloc(piece.payload.length & 1);
      await writeAll(temp, Buffer.concat([head, piece.payload, pad]), out);
      out += 8 + piece.payload.length + pad.length;
    }
  }
  const riffSize = out - riffStart - 8;
  const last = layout.chunks[layout.chunks.length - 1]!;
  const lastEnd = Math.min(last.bodyOffset + last.size + (last.size & 1), fileSize);
  if (lastEnd < fileSize) await copyRange(source, lastEnd, fileSize - lastEnd, temp, out);
  const size = Buffer.alloc(4);
  if (layout.kind === 'RIFF') {
    if (riffSize > 0xffffffff)
      throw new MetadataWriteError(path, 'bad-request', 'the file would exceed the 4 GiB WAV limit');
    size.writeUInt32LE(riffSize);
    await writeAll(temp, size, riffStart + 4);
  } else {
    // RF64 / BW64: the real RIFF size lives in ds64, the first chunk, right after the header.
    const riffSize64 = Buffer.alloc(8);
    riffSize64.writeBigUInt64LE(BigInt(riffSize));
    const ds64 = layout.chunks[0];
    if (ds64?.id !== 'ds64')
      throw new MetadataWriteError(path, 'corrupt', 'the RF64 file does not start with a ds64 chunk');
    await writeAll(temp, riffSize64, riffStart + 12 + 8);
  }
}
