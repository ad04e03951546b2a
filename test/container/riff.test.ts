import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileReader } from '../../src-main/container/file-reader';
import { describeTruncation, findChunk, readRiff, type RiffLayout } from '../../src-main/container/riff';
import {
  buildWav,
  concat,
  int16Bytes,
  makeTempDir,
  readBytes,
  soxStreamed,
  soxTone,
  wavDataSizeField,
  writeBytes,
} from '../audio/helpers/fixtures';
import { addWavChunks, bextPayload, toRf64 } from '../metadata/helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

async function layoutOf(path: string, start = 0): Promise<RiffLayout | null> {
  const reader = await openFileReader(path);
  try {
    return await readRiff(reader, start);
  } finally {
    await reader.close();
  }
}

describe('readRiff on whole files', () => {
  it('lists the chunks of a sox WAV and of a Broadcast WAV with metadata around the audio', async () => {
    const path = soxTone(join(dir, 'bwf.wav'), { rate: 8000, seconds: 0.1 });
    addWavChunks(path, [{ id: 'bext', payload: bextPayload({ description: 'door' }) }], 'front');
    addWavChunks(path, [{ id: 'iXML', payload: Buffer.from('<BWFXML/>') }], 'after-data');
    const layout = (await layoutOf(path))!;
    expect(layout.kind).toBe('RIFF');
    expect(layout.truncated).toBeUndefined();
    expect(layout.chunks.map((c) => [c.id, c.size])).toEqual([
      ['bext', 602],
      ['fmt ', 16],
      ['data', 1600],
      ['iXML', 9],
    ]);
    const data = findChunk(layout, 'data')!;
    expect(readBytes(path).subarray(data.offset, data.offset + 4)).toEqual(new Uint8Array([0x64, 0x61, 0x74, 0x61]));
    expect(data.runsToEnd).toBeUndefined();
  });

  it('takes RF64 sizes from ds64 (a sox WAV converted, and our writer with BW64)', async () => {
    const path = soxTone(join(dir, 'rf64.wav'), { rate: 8000, channels: 2, seconds: 0.1, format: ['-b', '24'] });
    toRf64(path);
    const layout = (await layoutOf(path))!;
    expect(layout.kind).toBe('RF64');
    expect(layout.chunks[0]!.id).toBe('ds64');
    expect(findChunk(layout, 'data')!.size).toBe(800 * 6);
    const bw64 = writeBytes(join(dir, 'bw64.wav'), buildWav({ riff: 'BW64', data: int16Bytes([1, 2, 3]) }));
    expect(findChunk((await layoutOf(bw64))!, 'data')).toMatchObject({ size: 6 });
  });

  it('reads a ds64 table entry for a chunk other than data', async () => {
    // ds64 with a one-entry table: the "LIST" chunk's 0xFFFFFFFF size is really 4 bytes.
    const ds64 = Buffer.alloc(28 + 12);
    ds64.writeBigUInt64LE(4n, 8);
    ds64.writeUInt32LE(1, 24);
    ds64.write('LIST', 28, 'latin1');
    ds64.writeBigUInt64LE(4n, 32);
    const chunk = (id: string, size: number, body: Buffer) => {
      const head = Buffer.alloc(8);
      head.write(id, 0, 'latin1');
      head.writeUInt32LE(size, 4);
      return Buffer.concat([head, body]);
    };
    const file = Buffer.concat([
      Buffer.from('RF64\xff\xff\xff\xffWAVE', 'latin1'),
      chunk('ds64', ds64.length, ds64),
      chunk('LIST', 0xffffffff, Buffer.from('INFO', 'latin1')),
      chunk('data', 0xffffffff, Buffer.from([1, 0, 2, 0])),
    ]);
    writeFileSync(join(dir, 'table.wav'), file);
    const layout = (await layoutOf(join(dir, 'table.wav')))!;
    expect(layout.chunks.map((c) => [c.id, c.size])).toEqual([
      ['ds64', 40],
      ['LIST', 4],
      ['data', 4],
    ]);
  });

  it('finds the RIFF header behind an ID3 tag', async () => {
    const wav = buildWav({ data: int16Bytes([7, 8]) });
    const tag = new Uint8Array(10 + 20);
    tag.set([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 20]);
    const layout = (await layoutOf(writeBytes(join(dir, 'id3.wav'), concat([tag, wav])), 30))!;
    expect(layout.start).toBe(30);
    expect(findChunk(layout, 'data')).toMatchObject({ bodyOffset: 30 + 12 + 24 + 8, size: 4 });
  });

  it('answers null for anything but a WAVE form', async () => {
    expect(await layoutOf(soxTone(join(dir, 'not.aiff'), { seconds: 0.01 }))).toBeNull();
    const avi = buildWav({ data: int16Bytes([1]) });
    avi.set([0x41, 0x56, 0x49, 0x20], 8); // RIFF ... "AVI "
    expect(await layoutOf(writeBytes(join(dir, 'movie.avi'), avi))).toBeNull();
  });
});

describe('placeholder data sizes: the audio runs to the end of the file', () => {
  // sox claims 0x7FFFF000 bytes, rounded down to whole frames: 2 bytes (16-bit mono), 3 (24-bit mono), 6 (24-bit stereo).
  const streamed: Array<[string, string[], number, number]> = [
    ['16-bit mono', ['-r', '8000', '-b', '16'], 0x7ffff000, 2],
    ['24-bit mono', ['-r', '8000', '-b', '24'], 0x7fffefff, 3],
    ['24-bit stereo', ['-r', '8000', '-b', '24', '-c', '2'], 0x7fffeffc, 6],
  ];
  for (const [name, options, field, frameBytes] of streamed) {
    it(`sox streamed to a pipe, ${name}`, async () => {
      const path = soxStreamed(join(dir, `${name.replace(/\W/g, '')}.wav`), { seconds: 0.25, format: options });
      expect(wavDataSizeField(path)).toBe(field);
      const layout = (await layoutOf(path))!;
      const data = findChunk(layout, 'data')!;
      expect(layout.truncated).toBeUndefined();
      expect(data).toMatchObject({ size: 2000 * frameBytes, runsToEnd: true });
      expect(data.bodyOffset + data.size).toBe(readFileSync(path).length);
    });
  }

  it('0xFFFFFFFF in a plain RIFF, and RF64 without a ds64', async () => {
    const values = int16Bytes([1, -1, 2, -2]);
    const riff = (await layoutOf(
      writeBytes(join(dir, 'ff.wav'), buildWav({ data: values, dataSizeField: 0xffffffff })),
    ))!;
    expect(findChunk(riff, 'data')).toMatchObject({ size: 8, runsToEnd: true });
    const noDs64 = buildWav({ data: values });
    noDs64.set([0x52, 0x46, 0x36, 0x34], 0); // "RF64", but no ds64 chunk and a data size of 8
    new DataView(noDs64.buffer).setUint32(40, 0xffffffff, true);
    expect(findChunk((await layoutOf(writeBytes(join(dir, 'nods64.wav'), noDs64)))!, 'data')).toMatchObject({
      size: 8,
      runsToEnd: true,
    });
  });

  it('0 from a recorder that never closed the file, but not a real empty data chunk', async () => {
    const crashed = (await layoutOf(
      writeBytes(join(dir, 'zero.wav'), buildWav({ data: int16Bytes([3, 4, 5]), dataSizeField: 0 })),
    ))!;
    expect(findChunk(crashed, 'data')).toMatchObject({ size: 6, runsToEnd: true });
    // An empty data chunk with a LIST chunk after it: the LIST is a chunk, not audio.
    const empty = concat([
      buildWav({ data: new Uint8Array(0) }),
      new Uint8Array([0x4c, 0x49, 0x53, 0x54, 4, 0, 0, 0, 0x49, 0x4e, 0x46, 0x4f]),
    ]);
    const layout = (await layoutOf(writeBytes(join(dir, 'empty.wav'), empty)))!;
    expect(layout.chunks.map((c) => [c.id, c.size, c.runsToEnd])).toEqual([
      ['fmt ', 16, undefined],
      ['data', 0, undefined],
      ['LIST', 4, undefined],
    ]);
  });
});

describe('truncation', () => {
  it('reports a data chunk cut short, with what it claims and what is there', async () => {
    const whole = readBytes(soxTone(join(dir, 'whole.wav'), { rate: 8000, seconds: 0.5 }));
    const layout = (await layoutOf(writeBytes(join(dir, 'cut.wav'), whole.subarray(0, 1000))))!;
    expect(layout.truncated).toEqual({ id: 'data', claimed: 8000, available: 1000 - 44 });
    expect(findChunk(layout, 'data')!.size).toBe(956);
    expect(describeTruncation(layout.truncated!)).toBe('the data chunk claims 8000 bytes but only 956 remain');
  });

  it('reports a chunk that runs past the end of the file even before the data', async () => {
    const whole = readBytes(soxTone(join(dir, 'head.wav'), { seconds: 0.1 }));
    const layout = (await layoutOf(writeBytes(join(dir, 'cut-fmt.wav'), whole.subarray(0, 30))))!;
    expect(layout.truncated).toEqual({ id: 'fmt ', claimed: 16, available: 10 });
    expect(findChunk(layout, 'data')).toBeUndefined();
  });
});
