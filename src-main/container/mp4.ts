import { ascii } from './bytes';
import type { FileReader } from './file-reader';

// ISO base media (MP4/M4A/MOV): only far enough to name the audio codec, so that a refusal says what the file
// holds ("AAC", "ALAC") rather than "not an audio file".

const CODEC_NAMES: Record<string, string> = {
  mp4a: 'AAC',
  alac: 'ALAC',
  Opus: 'Opus',
  fLaC: 'FLAC',
  'ac-3': 'AC-3',
  'ec-3': 'E-AC-3',
  samr: 'AMR',
  '.mp3': 'MP3',
};

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);
const MAX_MOOV_BYTES = 32 * 1024 * 1024;

/** Readable name of the first audio track's codec; null when none is found. */
export async function readMp4AudioCodec(reader: FileReader): Promise<string | null> {
  let position = 0;
  // Top level: find moov, which may come before or after the (large) mdat box.
  for (let count = 0; count < 10_000 && position + 8 <= reader.size; count++) {
    const header = await reader.readAt(position, 16);
    const { type, size, headerSize } = boxHeader(header, 0, reader.size - position);
    if (size < headerSize) return null;
    if (type === 'moov') {
      const moov = await reader.readAt(position + headerSize, Math.min(size - headerSize, MAX_MOOV_BYTES));
      return findSoundCodec(moov, 0, moov.length);
    }
    position += size;
  }
  return null;
}

function findSoundCodec(bytes: Uint8Array, start: number, end: number): string | null {
  let position = start;
  while (position + 8 <= end) {
    const { type, size, headerSize } = boxHeader(bytes, position, end - position);
    if (size < headerSize) return null;
    const bodyStart = position + headerSize;
    const bodyEnd = Math.min(end, position + size);
    if (type === 'trak') {
      const codec = isSoundTrack(bytes, bodyStart, bodyEnd) ? findSoundCodec(bytes, bodyStart, bodyEnd) : null;
      if (codec) return codec;
    } else if (CONTAINERS.has(type)) {
      const codec = findSoundCodec(bytes, bodyStart, bodyEnd);
      if (codec) return codec;
    } else if (type === 'stsd' && bodyStart + 16 <= bodyEnd) {
      // version/flags (4), entry count (4), then the first sample entry: size (4) and format (4).
      const format = ascii(bytes, bodyStart + 12, 4);
      return CODEC_NAMES[format] ?? format.trim();
    }
    position += size;
  }
  return null;
}

/** A trak whose handler (mdia/hdlr) is 'soun'. */
function isSoundTrack(bytes: Uint8Array, start: number, end: number): boolean {
  const text = String.fromCharCode(...bytes.subarray(start, Math.min(end, start + 4096)));
  const hdlr = text.indexOf('hdlr');
  return hdlr >= 0 && text.slice(hdlr + 12, hdlr + 16) === 'soun';
}

function boxHeader(
  bytes: Uint8Array,
  offset: number,
  remaining: number,
): { type: string; size: number; headerSize: number } {
  if (offset + 8 > bytes.length) return { type: '', size: 0, headerSize: 8 };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = ascii(bytes, offset + 4, 4);
  let size = view.getUint32(offset, false);
  let headerSize = 8;
  if (size === 1 && offset + 16 <= bytes.length) {
    size = view.getUint32(offset + 8, false) * 2 ** 32 + view.getUint32(offset + 12, false);
    headerSize = 16;
  } else if (size === 0) {
    size = remaining; // box runs to the end
  }
  return { type, size, headerSize };
}
