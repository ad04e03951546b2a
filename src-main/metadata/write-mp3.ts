// Rewrite an MP3's leading ID3v2 tag. MPEG frames (and any trailing ID3v1/APE tag) are copied
// unchanged.
import type { FileHandle } from 'node:fs/promises';
import type { FileReader } from '../container/file-reader';
import { ID3V2_HEADER_SIZE, readId3v2Header } from '../container/id3';
import { findMpegFrame } from '../container/mpeg';
import { MetadataWriteError } from './errors';
import { id3UserTextFields } from './fields';
import { copyRange, writeAll } from './file-io';
import {
  Id3Unsupported,
  buildId3v2,
  commentFrame,
  frameDescriptor,
  parseId3v2,
  textFrame,
  userTextFrame,
  type Id3Frame,
  type Id3Tag,
} from './id3v2';
import type { MetadataUpdate } from './types';

export async function planMp3(source: FileReader, update: MetadataUpdate) {
  const { path } = source;
  const tagSize = readId3v2Header(await source.readAt(0, ID3V2_HEADER_SIZE))?.tagSize ?? 0;
  let tag: Id3Tag = { major: 3, frames: [] };
  if (tagSize > 0) {
    try {
      tag = parseId3v2(await source.readAt(0, tagSize));
    } catch (error) {
      const code = error instanceof Id3Unsupported ? 'unsupported-format' : 'corrupt';
      throw new MetadataWriteError(path, code, (error as Error).message);
    }
  }
  if (findMpegFrame(await source.readAt(tagSize, 65536), 0) < 0) {
    throw new MetadataWriteError(path, 'corrupt', 'no MPEG audio frames follow the ID3 tag');
  }
  const { major } = tag;
  let frames = tag.frames;
  const replace = (keep: (f: Id3Frame) => boolean, frame: Id3Frame | null) => {
    frames = frames.filter(keep);
    if (frame) frames.push(frame);
  };
  const flags = Buffer.alloc(2);
  if (update.fxName !== undefined) {
    replace(
      (f) => f.id !== 'TIT2',
      update.fxName ? { id: 'TIT2', flags, data: textFrame(major, update.fxName) } : null,
    );
  }
  if (update.description !== undefined) {
    const ours = (f: Id3Frame) => f.id === 'COMM' && frameDescriptor(f, major) === '';
    const frame = update.description ? { id: 'COMM', flags, data: commentFrame(major, '', update.description) } : null;
    replace((f) => !ours(f), frame);
  }
  for (const [name, value] of Object.entries(id3UserTextFields(update))) {
    const ours = (f: Id3Frame) => f.id === 'TXXX' && frameDescriptor(f, major)?.toUpperCase() === name;
    replace((f) => !ours(f), value ? { id: 'TXXX', flags, data: userTextFrame(major, name, value) } : null);
  }
  return { tagSize, tag: buildId3v2({ major, frames }) };
}

export async function writeMp3(
  source: FileReader,
  temp: FileHandle,
  plan: { tagSize: number; tag: Buffer },
): Promise<void> {
  await writeAll(temp, plan.tag, 0);
  await copyRange(source, plan.tagSize, source.size - plan.tagSize, temp, plan.tag.length);
}
