// Rewrite a native FLAC file with updated Vorbis comments. Other metadata blocks and every audio
// frame are copied unchanged.
import type { FileHandle } from 'node:fs/promises';
import type { FileReader } from '../container/file-reader';
import { FLAC_STREAMINFO, FLAC_VORBIS_COMMENT, blockHeader, readFlacLayout, type FlacLayout } from '../container/flac';
import { MetadataWriteError } from './errors';
import { vorbisFields } from './fields';
import { copyRange, writeAll } from './file-io';
import type { MetadataUpdate } from './types';
import { buildVorbisComments, parseVorbisComments, setVorbisFields, type VorbisComments } from './vorbis-comment';

export async function planFlac(source: FileReader, start: number, update: MetadataUpdate) {
  const { path } = source;
  let layout: FlacLayout;
  try {
    layout = await readFlacLayout(source, start);
  } catch (error) {
    throw new MetadataWriteError(path, 'corrupt', `the FLAC file is damaged: ${(error as Error).message}`);
  }
  if (layout.audioOffset >= source.size)
    throw new MetadataWriteError(path, 'corrupt', 'the FLAC file has no audio frames');
  const block = layout.blocks.find((b) => b.type === FLAC_VORBIS_COMMENT);
  let comments: VorbisComments = { vendor: 'Hark', entries: [] };
  if (block) {
    try {
      comments = parseVorbisComments(await source.readAt(block.offset + 4, block.size));
    } catch (error) {
      throw new MetadataWriteError(path, 'corrupt', `the FLAC comment block is damaged: ${(error as Error).message}`);
    }
  }
  const payload = buildVorbisComments(setVorbisFields(comments, vorbisFields(update)));
  return { layout, payload };
}

export async function writeFlac(
  source: FileReader,
  temp: FileHandle,
  plan: { layout: FlacLayout; payload: Buffer },
): Promise<void> {
  const { layout, payload } = plan;
  const hasComments = layout.blocks.some((b) => b.type === FLAC_VORBIS_COMMENT);
  // Block order is kept; a new comment block goes right after STREAMINFO.
  const blocks: ({ copyFrom: number; type: number; size: number } | { type: number; payload: Buffer })[] = [];
  for (const block of layout.blocks) {
    if (block.type === FLAC_VORBIS_COMMENT) blocks.push({ type: block.type, payload });
    else blocks.push({ copyFrom: block.offset + 4, type: block.type, size: block.size });
    if (block.type === FLAC_STREAMINFO && !hasComments) blocks.push({ type: FLAC_VORBIS_COMMENT, payload });
  }
  let out = 0;
  // Bytes before "fLaC" (a stray ID3 tag some tools add) are kept as they are.
  await copyRange(source, 0, layout.start + 4, temp, 0);
  out = layout.start + 4;
  for (const [i, block] of blocks.entries()) {
    const last = i === blocks.length - 1;
    if ('payload' in block) {
      await writeAll(temp, Buffer.concat([blockHeader(block.type, block.payload.length, last), block.payload]), out);
      out += 4 + block.payload.length;
    } else {
      await writeAll(temp, blockHeader(block.type, block.size, last), out);
      await copyRange(source, block.copyFrom, block.size, temp, out + 4);
      out += 4 + block.size;
    }
  }
  await copyRange(source, layout.audioOffset, source.size - layout.audioOffset, temp, out);
}
