// SQLite BLOB <-> typed array. Copies on read because better-sqlite3 hands out Buffers whose memory may be pooled
// and unaligned for Float32Array views.

export function float32ToBlob(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function blobToFloat32(blob: Uint8Array): Float32Array {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}
