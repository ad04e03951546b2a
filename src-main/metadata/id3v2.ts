// ID3v2.3 / 2.4 tags for MP3 write-back. Frames we do not change are copied byte for byte; only
// the frames Hark owns (title, the unnamed comment, a few TXXX fields) are replaced. The tag header and its
// syncsafe sizes are the container layer's (container/id3.ts).
import { ID3V2_HEADER_SIZE, readId3v2Header, readSyncsafe, writeSyncsafe } from '../container/id3';

export interface Id3Frame {
  id: string;
  /** The two frame flag bytes, kept as found. */
  flags: Buffer;
  data: Buffer;
}

export interface Id3Tag {
  major: 3 | 4;
  frames: Id3Frame[];
}

export class Id3Unsupported extends Error {}

/** Parses the tag at the start of `buf` (header included). */
export function parseId3v2(buf: Buffer): Id3Tag {
  const header = readId3v2Header(buf);
  if (!header) throw new Id3Unsupported('the ID3 tag header is unreadable');
  const { major, flags, bodySize } = header;
  if (major !== 3 && major !== 4) throw new Id3Unsupported(`ID3v2.${major} tags cannot be rewritten safely`);
  if (flags & 0x80) throw new Id3Unsupported('the ID3 tag uses unsynchronisation, which Hark does not rewrite');
  let at = ID3V2_HEADER_SIZE;
  if (flags & 0x40) {
    // Extended header: its size field counts itself in v2.4 but not in v2.3.
    const extSize = major === 4 ? readSyncsafe(buf, 10) : buf.readUInt32BE(10) + 4;
    at += extSize;
  }
  const end = Math.min(ID3V2_HEADER_SIZE + bodySize, buf.length);
  const frames: Id3Frame[] = [];
  while (at + 10 <= end) {
    if (buf[at] === 0) break; // padding
    const id = buf.toString('latin1', at, at + 4);
    if (!/^[A-Z0-9]{4}$/.test(id)) throw new Id3Unsupported(`the ID3 tag holds an unreadable frame at byte ${at}`);
    const frameSize = major === 4 ? readSyncsafe(buf, at + 4) : buf.readUInt32BE(at + 4);
    if (at + 10 + frameSize > end) throw new Id3Unsupported(`the ID3 frame ${id} runs past the end of the tag`);
    frames.push({
      id,
      flags: Buffer.from(buf.subarray(at + 8, at + 10)),
      data: Buffer.from(buf.subarray(at + 10, at + 10 + frameSize)),
    });
    at += 10 + frameSize;
  }
  return { major, frames };
}

export function buildId3v2(tag: Id3Tag, padding = 512): Buffer {
  const frames = tag.frames.map((frame) => {
    const head = Buffer.alloc(10);
    head.write(frame.id, 0, 'latin1');
    if (tag.major === 4) writeSyncsafe(head, 4, frame.data.length);
    else head.writeUInt32BE(frame.data.length, 4);
    frame.flags.copy(head, 8);
    return Buffer.concat([head, frame.data]);
  });
  const body = Buffer.concat([...frames, Buffer.alloc(padding)]);
  const header = Buffer.from([0x49, 0x44, 0x33, tag.major, 0, 0, 0, 0, 0, 0]);
  writeSyncsafe(header, 6, body.length);
  return Buffer.concat([header, body]);
}

/** Text frame data (TIT2 ...). */
export function textFrame(major: 3 | 4, text: string): Buffer {
  const enc = encodingFor(major, text);
  return Buffer.concat([Buffer.from([enc]), encodeString(enc, text, false)]);
}

/** COMM frame data: language, short description, text. */
export function commentFrame(major: 3 | 4, descriptor: string, text: string): Buffer {
  const enc = encodingFor(major, descriptor + text);
  return Buffer.concat([
    Buffer.from([enc]),
    Buffer.from('eng', 'latin1'),
    encodeString(enc, descriptor, true),
    encodeString(enc, text, false),
  ]);
}

/** TXXX frame data: description, value. */
export function userTextFrame(major: 3 | 4, description: string, value: string): Buffer {
  const enc = encodingFor(major, description + value);
  return Buffer.concat([Buffer.from([enc]), encodeString(enc, description, true), encodeString(enc, value, false)]);
}

/** The descriptor of a COMM or TXXX frame (the part Hark uses to know which frame is its own), or null. */
export function frameDescriptor(frame: Id3Frame, major: 3 | 4): string | null {
  const blocked = major === 4 ? 0x4f : 0xe0; // compressed / encrypted / unsynchronised frames
  if (frame.flags[1]! & blocked || frame.data.length < 1) return null;
  const enc = frame.data[0]!;
  const from = frame.id === 'COMM' ? 4 : 1;
  const wide = enc === 1 || enc === 2;
  let end = from;
  if (wide) {
    while (end + 1 < frame.data.length && !(frame.data[end] === 0 && frame.data[end + 1] === 0)) end += 2;
  } else {
    while (end < frame.data.length && frame.data[end] !== 0) end++;
  }
  return decodeString(enc, frame.data.subarray(from, end));
}

/** Latin-1 when it fits (readable everywhere); otherwise UTF-16 with BOM in v2.3, UTF-8 in v2.4. */
function encodingFor(major: 3 | 4, text: string): number {
  if (fitsLatin1(text)) return 0;
  return major === 4 ? 3 : 1;
}

/** Every UTF-16 code unit is below 0x100 (so any surrogate pair rules Latin-1 out). */
function fitsLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function encodeString(enc: number, text: string, terminated: boolean): Buffer {
  let bytes: Buffer;
  if (enc === 0) bytes = Buffer.from(text, 'latin1');
  else if (enc === 3) bytes = Buffer.from(text, 'utf8');
  else bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (!terminated) return bytes;
  return Buffer.concat([bytes, Buffer.alloc(enc === 1 || enc === 2 ? 2 : 1)]);
}

function decodeString(enc: number, raw: Buffer): string {
  const bytes = enc === 1 || enc === 2 ? raw.subarray(0, raw.length & ~1) : raw;
  if (enc === 0) return bytes.toString('latin1');
  if (enc === 3) return bytes.toString('utf8');
  if (enc === 2) return Buffer.from(bytes).swap16().toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.subarray(bytes[0] === 0xff && bytes[1] === 0xfe ? 2 : 0).toString('utf16le');
}
