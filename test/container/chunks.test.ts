import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkFollows, chunksIn, walkChunks, type Chunk, type ChunkAction } from '../../src-main/container/chunks';
import { openFileReader } from '../../src-main/container/file-reader';
import { buildWav, concat, int16Bytes, makeTempDir, soxTone, writeBytes } from '../audio/helpers/fixtures';
import { infoPayload } from '../metadata/helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

async function walk(
  path: string,
  littleEndian: boolean,
  visit: (chunk: Chunk) => ChunkAction = () => undefined,
): Promise<Chunk[]> {
  const reader = await openFileReader(path);
  const chunks: Chunk[] = [];
  try {
    await walkChunks(reader, 12, littleEndian, (chunk) => {
      chunks.push(chunk);
      return visit(chunk);
    });
  } finally {
    await reader.close();
  }
  return chunks;
}

describe('walkChunks', () => {
  it('walks a sox WAV (little-endian sizes) and a sox AIFF (big-endian)', async () => {
    const wav = soxTone(join(dir, 'tone.wav'), { rate: 8000, seconds: 0.01 });
    expect(await walk(wav, true)).toEqual([
      { id: 'fmt ', offset: 12, bodyOffset: 20, size: 16 },
      { id: 'data', offset: 36, bodyOffset: 44, size: 160 },
    ]);
    const aiff = soxTone(join(dir, 'tone.aiff'), { rate: 8000, seconds: 0.01 });
    const chunks = await walk(aiff, false);
    expect(chunks.map((c) => c.id)).toEqual(['COMT', 'COMM', 'SSND']);
    // COMM is 18 bytes; SSND holds an 8-byte offset/block-size header and then 80 frames of 16-bit mono.
    expect(chunks[1]!.size).toBe(18);
    expect(chunks[2]).toMatchObject({ size: 8 + 160, offset: chunks[1]!.bodyOffset + 18 });
  });

  it('stops when asked, and steps over a body whose size the visitor knows better', async () => {
    const wav = soxTone(join(dir, 'stop.wav'), { rate: 8000, seconds: 0.01 });
    expect((await walk(wav, true, () => 'stop')).map((c) => c.id)).toEqual(['fmt ']);
    // Told that fmt is 8 bytes shorter, the walk lands inside fmt's body, where no chunk id stands, and ends.
    expect((await walk(wav, true, (c) => (c.id === 'fmt ' ? { size: 8 } : undefined))).map((c) => c.id)).toEqual([
      'fmt ',
    ]);
  });

  it('keeps the pad byte after an odd-sized chunk, and follows writers that forgot it', async () => {
    const samples = int16Bytes([1, 2, 3, 4]);
    const padded = writeBytes(
      join(dir, 'padded.wav'),
      buildWav({ data: samples, extraChunks: [{ id: 'LIST', body: new Uint8Array(33).fill(0x61) }] }),
    );
    const unpadded = writeBytes(
      join(dir, 'unpadded.wav'),
      buildWav({ data: samples, extraChunks: [{ id: 'LIST', body: new Uint8Array(33).fill(0x61), omitPad: true }] }),
    );
    expect((await walk(padded, true)).map((c) => [c.id, c.offset])).toEqual([
      ['fmt ', 12],
      ['LIST', 36],
      ['data', 36 + 8 + 34],
    ]);
    expect((await walk(unpadded, true)).map((c) => [c.id, c.offset])).toEqual([
      ['fmt ', 12],
      ['LIST', 36],
      ['data', 36 + 8 + 33],
    ]);
  });

  it('ends quietly at junk after the last chunk', async () => {
    const wav = buildWav({ data: int16Bytes([5, 6, 7, 8]) });
    const path = writeBytes(
      join(dir, 'junk.wav'),
      concat([wav, new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])]),
    );
    expect((await walk(path, true)).map((c) => c.id)).toEqual(['fmt ', 'data']);
  });
});

describe('chunkFollows', () => {
  it('is true at a chunk header that fits in the file, false inside sample data and at the end', async () => {
    const wav = soxTone(join(dir, 'follows.wav'), { rate: 8000, seconds: 0.01 });
    const reader = await openFileReader(wav);
    try {
      expect(await chunkFollows(reader, 36, true)).toBe(true);
      expect(await chunkFollows(reader, 44, true)).toBe(false);
      expect(await chunkFollows(reader, reader.size - 4, true)).toBe(false);
      // Read big-endian, data's size is 0xA0000000: far more than the file holds.
      expect(await chunkFollows(reader, 36, false)).toBe(false);
    } finally {
      await reader.close();
    }
  });
});

describe('chunksIn', () => {
  it('lists the sub-chunks of a LIST/INFO body with their bytes, pad bytes skipped', () => {
    const body = infoPayload({ INAM: 'Rain', ICMT: 'Heavy rain on a tin roof' });
    const fields = chunksIn(body, 4, true);
    expect(fields.map((f) => [f.id, f.size, Buffer.from(f.body).toString('latin1')])).toEqual([
      ['INAM', 5, 'Rain\0'],
      ['ICMT', 25, 'Heavy rain on a tin roof\0'],
    ]);
  });

  it('cuts a sub-chunk that claims more than the body holds', () => {
    const body = Buffer.concat([
      Buffer.from('INFOINAM', 'latin1'),
      Buffer.from([100, 0, 0, 0]),
      Buffer.from('abc', 'latin1'),
    ]);
    const [field] = chunksIn(body, 4, true);
    expect(field).toMatchObject({ id: 'INAM', size: 100 });
    expect(Buffer.from(field!.body).toString('latin1')).toBe('abc');
  });
});
