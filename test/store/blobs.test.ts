import { describe, expect, it } from 'vitest';
import { blobToFloat32, float32ToBlob } from '../../src-main/store/blobs';
import { openDatabase } from '../../src-main/store/database';

describe('float32 BLOBs', () => {
  it('round-trips a vector through SQLite bit for bit', () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (v BLOB)');
    const values = new Float32Array([0, -1.5, Math.PI, 1e-30, Number.MAX_VALUE, -0]);
    db.prepare('INSERT INTO t (v) VALUES (?)').run(float32ToBlob(values));
    const back = blobToFloat32(db.prepare('SELECT v FROM t').pluck().get() as Buffer);
    expect(Array.from(back)).toEqual(Array.from(values));
    expect(Object.is(back[5], -0)).toBe(true);
  });

  it('writes only the view of a larger buffer, and reads an unaligned blob into a copy of its own', () => {
    const backing = new Float32Array([9, 1, 2, 3, 9]);
    const blob = float32ToBlob(backing.subarray(1, 4));
    expect(blob.byteLength).toBe(12);
    const unaligned = new Uint8Array(13);
    unaligned.set(blob, 1);
    const read = blobToFloat32(unaligned.subarray(1));
    expect(Array.from(read)).toEqual([1, 2, 3]);
    unaligned.fill(0);
    expect(Array.from(read)).toEqual([1, 2, 3]);
  });
});
