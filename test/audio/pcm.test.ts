import { describe, expect, it } from 'vitest';
import { mixToMono, deinterleave, BYTES_PER_SAMPLE, type SampleEncoding } from '../../src-main/audio/pcm';
import { toMono } from '../../src-main/audio/mono';
import { maxDifference } from './helpers/fixtures';

/** Random bytes: every bit pattern is a valid integer sample. */
function randomBytes(length: number, seed = 3): Uint8Array {
  return Uint8Array.from({ length }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff);
}

describe('mixToMono: interleaved bytes straight to mono', () => {
  const encodings: SampleEncoding[] = [
    'int16le',
    'int24le',
    'uint8',
    'int16be',
    'int32le',
    'float32le',
    'alaw',
    'ulaw',
  ];
  for (const encoding of encodings) {
    for (const channels of [1, 2, 3, 6]) {
      it(`${encoding}, ${channels} channel(s): equals deinterleave + toMono`, () => {
        const frames = 1001;
        // Floats as random bytes would be mostly huge or NaN: use ordinary values there.
        const bytes =
          encoding === 'float32le'
            ? new Uint8Array(Float32Array.from({ length: frames * channels }, (_, i) => Math.sin(i * 1.7)).buffer)
            : randomBytes(frames * channels * BYTES_PER_SAMPLE[encoding]);
        const out = new Float32Array(frames + 5).fill(9);
        expect(mixToMono(bytes, encoding, channels, out)).toBe(frames);
        const expected = toMono(deinterleave(bytes, encoding, channels));
        // Two channels or one are exact; more may differ in the last bit (one rounding instead of one per channel).
        expect(maxDifference(out.subarray(0, frames), expected)).toBeLessThanOrEqual(channels <= 2 ? 0 : 1e-7);
        expect(out[frames]).toBe(9);
      });
    }
  }

  it('stops at the room in `out` and at whole frames', () => {
    const bytes = randomBytes(2 * 2 * 100 + 3);
    expect(mixToMono(bytes, 'int16le', 2, new Float32Array(40))).toBe(40);
    expect(mixToMono(bytes, 'int16le', 2, new Float32Array(500))).toBe(100);
  });

  it('reads 16-bit samples at an odd byte offset correctly (no aligned view possible)', () => {
    const backing = randomBytes(2 * 2 * 50 + 1);
    const odd = backing.subarray(1);
    const out = new Float32Array(50);
    mixToMono(odd, 'int16le', 2, out);
    expect(maxDifference(out, toMono(deinterleave(odd, 'int16le', 2)))).toBe(0);
  });
});
