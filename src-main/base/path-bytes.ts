// File names that are not UTF-8. Linux and other Unixes store names as bytes; a Latin-1 `café.flac` from an old
// archive is the bytes 63 61 66 e9 2e 66 6c 61 63, which no UTF-8 decoding can give back. Node turns such a name
// into U+FFFD, a path that names no file, so Hark keeps paths as text that maps back to the exact bytes:
//
// - Stored (the library's `path` and `folder`): valid UTF-8 as itself; each byte that is not part of a valid UTF-8
//   sequence as the private-use character U+EF00 + byte (é's byte e9 is U+EFE9). Private-use characters in that
//   range (U+EF80..U+EFFF, the only ones the mapping makes) that really are in a name are themselves written byte
//   by byte the same way, so every byte string has exactly one text and back (MirBSD's OPTU-8 uses the same range).
// - Opened: fsPath() gives the bytes back as a Buffer, which every fs call takes, for a path that holds such
//   characters; any other path stays the string it is.
// - Shown: displayName() reads each such byte as Latin-1 (the usual origin of these names), so the library lists
//   and finds `café.flac`; bytes 80..9f, control characters in Latin-1, show as U+FFFD.

const ESCAPE_BASE = 0xef00;
const ESCAPED = /[\uef80-\uefff]/;
const ESCAPED_ALL = /[\uef80-\uefff]/g;

/** A name or path from the file system's bytes, as Hark stores it (see the top of this file). */
export function pathFromBytes(bytes: Uint8Array): string {
  const plain = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (!plain.includes('\ufffd') && !ESCAPED.test(plain)) return plain;
  let text = '';
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes, i);
    const sequence = length > 0 ? Buffer.from(bytes.subarray(i, i + length)).toString('utf8') : '';
    if (length > 0 && !ESCAPED.test(sequence)) {
      text += sequence;
      i += length;
    } else {
      // An invalid byte, or a real U+EF80..U+EFFF written byte by byte so that it cannot be taken for an escape.
      for (const byte of bytes.subarray(i, i + Math.max(1, length))) text += String.fromCharCode(ESCAPE_BASE + byte);
      i += Math.max(1, length);
    }
  }
  return text;
}

/** What to hand to fs for a stored path: the string itself, or the exact bytes when it holds escaped ones. */
export function fsPath(path: string): string | Buffer {
  if (!ESCAPED.test(path)) return path;
  const parts: Buffer[] = [];
  let run = '';
  for (const char of path) {
    const code = char.charCodeAt(0);
    if (code >= 0xef80 && code <= 0xefff) {
      if (run) parts.push(Buffer.from(run, 'utf8'));
      run = '';
      parts.push(Buffer.of(code - ESCAPE_BASE));
    } else {
      run += char;
    }
  }
  if (run) parts.push(Buffer.from(run, 'utf8'));
  return Buffer.concat(parts);
}

/** A stored name or path for people: escaped bytes read as Latin-1. Paths without them are returned as they are. */
export function displayName(path: string): string {
  if (!ESCAPED.test(path)) return path;
  return path.replace(ESCAPED_ALL, (char) => {
    const byte = char.charCodeAt(0) - ESCAPE_BASE;
    return byte >= 0xa0 ? String.fromCharCode(byte) : '\ufffd';
  });
}

/** Bytes of the valid UTF-8 sequence at `i` (1..4), or 0 when the byte there starts none. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  if (lead < 0x80) return 1;
  let length: number;
  let min = 0x80;
  let max = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) min = 0xa0; // overlong
    if (lead === 0xed) max = 0x9f; // UTF-16 surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) min = 0x90; // overlong
    if (lead === 0xf4) max = 0x8f; // beyond U+10FFFF
  } else return 0;
  if (i + length > bytes.length) return 0;
  const second = bytes[i + 1]!;
  if (second < min || second > max) return 0;
  for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  return length;
}
