// Native FLAC metadata blocks: where they are, STREAMINFO, and where the audio frames begin.
import type { FileHandle } from 'node:fs/promises';
import { readAt } from './file-io';
import { ascii } from './sniff';

export const FLAC_STREAMINFO = 0;
export const FLAC_PADDING = 1;
export const FLAC_VORBIS_COMMENT = 4;

export interface FlacBlock {
  type: number;
  /** Offset of the 4-byte block header. */
  offset: number;
  size: number;
}

export interface FlacLayout {
  /** Offset of "fLaC". */
  start: number;
  blocks: FlacBlock[];
  /** Offset of the first audio frame (just after the last metadata block). */
  audioOffset: number;
}

export async function readFlacLayout(handle: FileHandle, start: number, fileSize: number): Promise<FlacLayout> {
  if (ascii(await readAt(handle, start, 4), 0, 4) !== 'fLaC') throw new Error('not a FLAC stream');
  const blocks: FlacBlock[] = [];
  let at = start + 4;
  for (;;) {
    const head = await readAt(handle, at, 4);
    if (head.length < 4) throw new Error('the file ends inside the FLAC metadata');
    const size = head.readUIntBE(1, 3);
    if (at + 4 + size > fileSize) throw new Error(`a FLAC metadata block claims ${size} bytes past the end of the file`);
    blocks.push({ type: head[0]! & 0x7f, offset: at, size });
    at += 4 + size;
    if (head[0]! & 0x80) break; // last-metadata-block flag
  }
  if (blocks[0]?.type !== FLAC_STREAMINFO) throw new Error('the FLAC stream does not start with STREAMINFO');
  return { start, blocks, audioOffset: at };
}

export interface StreamInfo {
  sampleRate: number;
  channels: number;
  bitDepth: number;
  /** 0 when the encoder did not know. */
  totalSamples: number;
}

export function parseStreamInfo(buf: Buffer): StreamInfo {
  // Bit-packed: 20 bits rate, 3 bits channels-1, 5 bits bps-1, 36 bits total samples, from byte 10.
  const sampleRate = (buf[10]! << 12) | (buf[11]! << 4) | (buf[12]! >> 4);
  const channels = ((buf[12]! >> 1) & 0x07) + 1;
  const bitDepth = (((buf[12]! & 0x01) << 4) | (buf[13]! >> 4)) + 1;
  const totalSamples = (buf[13]! & 0x0f) * 2 ** 32 + buf.readUInt32BE(14);
  return { sampleRate, channels, bitDepth, totalSamples };
}

export function blockHeader(type: number, size: number, last: boolean): Buffer {
  if (size >= 1 << 24) throw new Error('FLAC metadata block too large');
  const head = Buffer.alloc(4);
  head[0] = (last ? 0x80 : 0) | type;
  head.writeUIntBE(size, 1, 3);
  return head;
}
