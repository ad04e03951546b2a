import { describe, expect, it } from 'vitest';
import { blobToFloat32, float32ToBlob } from '../../src-main/base/blobs';

describe('float32 blobs', () => {
  it('stores a Float32Array as its little-endian bytes and reads it back', () => {
    const values = new Float32Array([0, 1, -1.5, 3.25, Number.MAX_VALUE, -0]);
    const blob = float32ToBlob(values);
    expect(blob.length).toBe(values.length * 4);
    expect(blob.readFloatLE(12)).toBe(3.25);
    expect(Array.from(blobToFloat32(blob))).toEqual(Array.from(values));
  });

  it('writes only the view, not the whole buffer behind it', () => {
    const whole = new Float32Array([1, 2, 3, 4, 5]);
    expect(Array.from(blobToFloat32(float32ToBlob(whole.subarray(1, 3))))).toEqual([2, 3]);
  });

  it('reads a blob at an odd offset of a shared buffer (as better-sqlite3 may hand it out) into its own copy', () => {
    const pool = Buffer.alloc(1 + 8);
    pool.writeFloatLE(0.5, 1);
    pool.writeFloatLE(-2, 5);
    const blob = pool.subarray(1);
    const values = blobToFloat32(blob);
    expect(Array.from(values)).toEqual([0.5, -2]);
    pool.writeFloatLE(7, 1);
    expect(values[0]).toBe(0.5);
  });
});
