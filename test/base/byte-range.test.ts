import { describe, expect, it } from 'vitest';
import { parseByteRange } from '../../src-main/base/byte-range';

describe('parseByteRange', () => {
  it('reads the forms browsers send', () => {
    expect(parseByteRange('bytes=0-', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseByteRange('bytes=100-199', 1000)).toEqual({ start: 100, end: 199 });
    expect(parseByteRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseByteRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
  });

  it('means the whole file when absent', () => {
    expect(parseByteRange(undefined, 1000)).toBeNull();
  });

  it('refuses what cannot be satisfied or parsed', () => {
    expect(parseByteRange('bytes=1000-', 1000)).toBe('invalid');
    expect(parseByteRange('bytes=5-2', 1000)).toBe('invalid');
    expect(parseByteRange('bytes=0-1,5-6', 1000)).toBe('invalid');
    expect(parseByteRange('items=0-1', 1000)).toBe('invalid');
    expect(parseByteRange('bytes=-', 1000)).toBe('invalid');
  });
});
