// Byte-level reads shared by every container parser: four-letter codes and the integer widths that DataView lacks.

/** `length` bytes at `offset` as Latin-1 text; '' when the bytes end first. */
export function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (offset < 0 || offset + length > bytes.length) return '';
  let text = '';
  for (let i = offset; i < offset + length; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

/** A RIFF/IFF chunk id or other four-character code: four printable ASCII characters. */
export function isFourCC(bytes: Uint8Array, offset: number): boolean {
  if (offset < 0 || offset + 4 > bytes.length) return false;
  for (let i = offset; i < offset + 4; i++) if (bytes[i]! < 0x20 || bytes[i]! > 0x7e) return false;
  return true;
}

export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Unsigned 64-bit little-endian as a number (exact up to 2^53, far beyond any file size). */
export function readU64LE(bytes: Uint8Array, offset: number): number {
  const v = view(bytes);
  return v.getUint32(offset, true) + v.getUint32(offset + 4, true) * 2 ** 32;
}

/** Unsigned 32-bit big-endian; null when the bytes end first. */
export function readU32BE(bytes: Uint8Array, offset: number): number | null {
  if (offset < 0 || offset + 4 > bytes.length) return null;
  return view(bytes).getUint32(offset, false);
}
