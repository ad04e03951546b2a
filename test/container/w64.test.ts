import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFile } from '../../src-main/audio/decode';
import { openFileReader } from '../../src-main/container/file-reader';
import { findChunk, type RiffLayout } from '../../src-main/container/riff';
import { sniffFile } from '../../src-main/container/sniff';
import { readW64 } from '../../src-main/container/w64';
import { probeFile } from '../../src-main/metadata/probe';
import { interleave, makeTempDir, maxDifference, soxSamples, soxTone } from '../audio/helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

async function layoutOf(path: string): Promise<RiffLayout | null> {
  const reader = await openFileReader(path);
  try {
    return await readW64(reader);
  } finally {
    await reader.close();
  }
}

/** A sox Wave64 file: `sox -n -t w64 x.w64 synth ...`. */
function soxW64(name: string, options: { rate: number; channels: number; seconds: number; format: string[] }) {
  return soxTone(join(dir, name), { ...options, format: ['-t', 'w64', ...options.format] });
}

describe('Sony Wave64', () => {
  it('walks the GUID chunks of a sox file, with 64-bit sizes that count their header', async () => {
    const path = soxW64('tone.w64', { rate: 8000, channels: 2, seconds: 0.1, format: ['-b', '24'] });
    const layout = (await layoutOf(path))!;
    expect(layout.kind).toBe('W64');
    expect(layout.truncated).toBeUndefined();
    expect(layout.chunks.map((chunk) => [chunk.id, chunk.size])).toEqual([
      ['fmt ', 16],
      ['data', 800 * 2 * 3],
    ]);
    const data = findChunk(layout, 'data')!;
    expect(data.offset).toBe(40 + 24 + 16); // after the file header and the fmt chunk
    expect(data.bodyOffset).toBe(data.offset + 24);
  });

  it('keeps chunks 8-byte aligned and names GUIDs it does not know', async () => {
    // An odd-sized unknown chunk before the audio: its padding must be skipped to find data.
    const path = soxW64('aligned.w64', { rate: 8000, channels: 1, seconds: 0.01, format: ['-b', '16'] });
    const file = readFileSync(path);
    const odd = Buffer.alloc(24 + 5 + 3);
    Buffer.from('00112233445566778899aabbccddeeff', 'hex').copy(odd, 0);
    odd.writeBigUInt64LE(24n + 5n, 16);
    const withJunk = Buffer.concat([file.subarray(0, 40), odd, file.subarray(40)]);
    withJunk.writeBigUInt64LE(BigInt(withJunk.length), 16);
    writeFileSync(join(dir, 'junk.w64'), withJunk);
    const layout = (await layoutOf(join(dir, 'junk.w64')))!;
    expect(layout.chunks.map((chunk) => chunk.id)).toEqual(['{00112233445566778899aabbccddeeff}', 'fmt ', 'data']);
    expect(findChunk(layout, 'data')!.size).toBe(80 * 2);
    const audio = await decodeFile(join(dir, 'junk.w64'));
    expect(maxDifference(interleave(audio.channels), soxSamples(path))).toBe(0);
  });

  it('says a truncated data chunk is truncated', async () => {
    const path = soxW64('whole.w64', { rate: 8000, channels: 1, seconds: 0.5, format: ['-b', '16'] });
    writeFileSync(join(dir, 'cut.w64'), readFileSync(path).subarray(0, 2000));
    const layout = (await layoutOf(join(dir, 'cut.w64')))!;
    expect(layout.truncated).toEqual({ id: 'data', claimed: 8000, available: 2000 - 104 });
    await expect(decodeFile(join(dir, 'cut.w64'))).rejects.toMatchObject({
      reason: 'truncated WAV data chunk (header says 8000 bytes, file holds 1896)',
    });
  });

  it('is no Wave64 file without its header (a RIFF WAV)', async () => {
    expect(await layoutOf(soxTone(join(dir, 'plain.wav'), { seconds: 0.01 }))).toBeNull();
  });

  // One step of each format: sox's synth rounds a sample now and then differently for the two containers.
  for (const [name, format, step] of [
    ['16-bit', ['-b', '16'], 2 ** -15],
    ['24-bit', ['-b', '24'], 2 ** -23],
    ['float', ['-e', 'floating-point', '-b', '32'], 2 ** -24],
  ] as const) {
    it(`is sniffed, probed and decoded like WAV (${name}): the samples of the same tone as a WAV`, async () => {
      const options = { rate: 48000, channels: 2, seconds: 0.5, format: [...format] };
      const path = soxW64(`${name}.w64`, options);
      // Compared with sox's WAV of the same tone: sox reads its own float Wave64 back at twice the level.
      const twin = soxTone(join(dir, `${name}.wav`), options);
      const reader = await openFileReader(path);
      try {
        expect(await sniffFile(reader)).toMatchObject({ format: 'wav', container: 'w64', start: 0 });
      } finally {
        await reader.close();
      }
      const probe = await probeFile(path);
      expect(probe).toMatchObject({ format: 'wav', sampleRate: 48000, channels: 2, duration: 0.5 });
      const audio = await decodeFile(path);
      expect(audio).toMatchObject({ format: 'wav', sampleRate: 48000 });
      expect(audio.channels).toHaveLength(2);
      expect(maxDifference(interleave(audio.channels), soxSamples(twin))).toBeLessThanOrEqual(step);
    });
  }
});
