// Test fixtures for the metadata layer: sox-generated audio, and a small independent RIFF/BWF
// builder and audio-payload hasher (deliberately not using src-main code, so tests do not trust
// the code they test).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { MetadataWriteError, writeMetadata } from '../../../src-main/metadata/write';

export const SONIC_PI = '/usr/share/sonic-pi/samples';

export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hark-meta-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A short tone made by sox. `encoding` is sox's -e (signed-integer, floating-point). */
export function soxTone(
  path: string,
  opts: { bits?: number; encoding?: string; rate?: number; channels?: number; seconds?: number } = {},
): string {
  const { bits = 16, encoding = 'signed-integer', rate = 44100, channels = 1, seconds = 0.25 } = opts;
  run('sox', [
    '-n',
    '-r',
    String(rate),
    '-c',
    String(channels),
    '-e',
    encoding,
    '-b',
    String(bits),
    path,
    'synth',
    String(seconds),
    'pinknoise',
    'vol',
    '0.5',
  ]);
  return path;
}

export function copySonicPi(name: string, dir: string): string {
  const to = join(dir, name);
  copyFileSync(join(SONIC_PI, name), to);
  return to;
}

export interface Chunk {
  id: string;
  payload: Buffer;
}

/** The chunks of a plain RIFF WAV file (independent minimal reader). */
export function riffChunks(file: Buffer): Chunk[] {
  const chunks: Chunk[] = [];
  let at = 12;
  while (at + 8 <= file.length) {
    const id = file.toString('latin1', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    chunks.push({ id, payload: file.subarray(at + 8, at + 8 + size) });
    at += 8 + size + (size & 1);
  }
  return chunks;
}

/** A RIFF WAVE file from chunks, in the given order. */
export function buildRiff(chunks: Chunk[]): Buffer {
  const body = Buffer.concat(chunks.map(chunkBytes));
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WAVE', 8, 'latin1');
  return Buffer.concat([head, body]);
}

function chunkBytes(chunk: Chunk): Buffer {
  const head = Buffer.alloc(8);
  head.write(chunk.id, 0, 'latin1');
  head.writeUInt32LE(chunk.payload.length, 4);
  return Buffer.concat([head, chunk.payload, Buffer.alloc(chunk.payload.length & 1)]);
}

/** Rewrites a sox WAV so `extra` chunks sit before `fmt ` ("front"), before data or after data. */
export function addWavChunks(
  path: string,
  extra: Chunk[],
  where: 'front' | 'before-data' | 'after-data' = 'before-data',
): void {
  const chunks = riffChunks(readFileSync(path));
  const at = where === 'front' ? 0 : where === 'before-data' ? chunks.findIndex((c) => c.id === 'data') : chunks.length;
  chunks.splice(at, 0, ...extra);
  writeFileSync(path, buildRiff(chunks));
}

/** Converts a RIFF WAV into RF64 (ds64 first, RIFF and data sizes 0xFFFFFFFF). */
export function toRf64(path: string): void {
  const chunks = riffChunks(readFileSync(path));
  const data = chunks.find((c) => c.id === 'data')!;
  const fmt = chunks.find((c) => c.id === 'fmt ')!;
  const others = chunks.filter((c) => c.id !== 'data');
  const ds64 = Buffer.alloc(28);
  const body = Buffer.concat([chunkBytes({ id: 'ds64', payload: ds64 }), ...others.map(chunkBytes)]);
  const dataHead = Buffer.alloc(8);
  dataHead.write('data', 0, 'latin1');
  dataHead.writeUInt32LE(0xffffffff, 4);
  const total = 12 + body.length + 8 + data.payload.length + (data.payload.length & 1);
  ds64.writeBigUInt64LE(BigInt(total - 8), 0);
  ds64.writeBigUInt64LE(BigInt(data.payload.length), 8);
  ds64.writeBigUInt64LE(BigInt(data.payload.length / fmt.payload.readUInt16LE(12)), 16);
  const bodyFixed = Buffer.concat([chunkBytes({ id: 'ds64', payload: ds64 }), ...others.map(chunkBytes)]);
  const head = Buffer.alloc(12);
  head.write('RF64', 0, 'latin1');
  head.writeUInt32LE(0xffffffff, 4);
  head.write('WAVE', 8, 'latin1');
  writeFileSync(path, Buffer.concat([head, bodyFixed, dataHead, data.payload, Buffer.alloc(data.payload.length & 1)]));
}

export interface BextFields {
  description?: string;
  originator?: string;
  originatorReference?: string;
  originationDate?: string;
  originationTime?: string;
  timeReference?: bigint;
  version?: number;
  /** LoudnessValue, LoudnessRange, MaxTruePeakLevel, MaxMomentaryLoudness, MaxShortTermLoudness (version 2). */
  loudness?: [number, number, number, number, number];
  codingHistory?: string;
}

/** A bext payload laid out per EBU Tech 3285. */
export function bextPayload(f: BextFields): Buffer {
  const buf = Buffer.alloc(602);
  buf.write(f.description ?? '', 0, 256, 'latin1');
  buf.write(f.originator ?? '', 256, 32, 'latin1');
  buf.write(f.originatorReference ?? '', 288, 32, 'latin1');
  buf.write(f.originationDate ?? '', 320, 10, 'latin1');
  buf.write(f.originationTime ?? '', 330, 8, 'latin1');
  buf.writeBigUInt64LE(f.timeReference ?? 0n, 338);
  buf.writeUInt16LE(f.version ?? 2, 346);
  for (let i = 0; i < 64; i++) buf[348 + i] = i + 1; // a recognisable UMID
  f.loudness?.forEach((v, i) => buf.writeInt16LE(Math.round(v * 100), 412 + i * 2));
  return Buffer.concat([buf, Buffer.from(f.codingHistory ?? '', 'latin1')]);
}

/** A LIST/INFO payload. */
export function infoPayload(fields: Record<string, string>): Buffer {
  const parts = [Buffer.from('INFO', 'latin1')];
  for (const [id, value] of Object.entries(fields)) {
    const text = Buffer.from(value + '\0', 'latin1');
    const head = Buffer.alloc(8);
    head.write(id, 0, 'latin1');
    head.writeUInt32LE(text.length, 4);
    parts.push(head, text, Buffer.alloc(text.length & 1));
  }
  return Buffer.concat(parts);
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * SHA-256 of the audio payload only: WAV/RF64 data chunk bytes, FLAC frames, MPEG frames after
 * the leading ID3v2 tag.
 */
export function audioHash(path: string): string {
  const file = readFileSync(path);
  const magic = file.toString('latin1', 0, 4);
  if (magic === 'RIFF' || magic === 'RF64') {
    let at = 12;
    let ds64Data = 0;
    while (at + 8 <= file.length) {
      const id = file.toString('latin1', at, at + 4);
      let size = file.readUInt32LE(at + 4);
      if (id === 'ds64') ds64Data = Number(file.readBigUInt64LE(at + 16));
      if (id === 'data') {
        if (size === 0xffffffff) size = ds64Data;
        return sha256(file.subarray(at + 8, at + 8 + size));
      }
      at += 8 + size + (size & 1);
    }
    throw new Error('no data chunk');
  }
  if (magic === 'fLaC') {
    let at = 4;
    for (;;) {
      const last = file[at]! & 0x80;
      at += 4 + file.readUIntBE(at + 1, 3);
      if (last) return sha256(file.subarray(at));
    }
  }
  if (magic.startsWith('ID3')) {
    const size = (file[6]! << 21) | (file[7]! << 14) | (file[8]! << 7) | file[9]!;
    return sha256(file.subarray(10 + size));
  }
  return sha256(file);
}

/** SHA-256 of the decoded samples, as sox reads them (an independent decoder). */
export function decodedHash(path: string): string {
  return sha256(execFileSync('sox', [path, '-t', 'raw', '-'], { maxBuffer: 64 << 20 }));
}

/** The metadata every writer test writes: non-ASCII text, a list of keywords, a real UCS CatID. */
export const SAMPLE_UPDATE = {
  description: 'Heavy wooden door slams shut, long reverb tail — église',
  keywords: ['door', 'slam', 'wood', 'reverb'],
  catId: 'DOORWood',
  category: 'DOORS',
  subCategory: 'WOOD',
  fxName: 'Church door slam',
};

/** Asserts that writing into `path` is refused with `code` and a reason, and leaves it byte-identical, no temp file. */
export async function expectRefused(path: string, code: string, reason: RegExp): Promise<void> {
  const before = sha256(readFileSync(path));
  const error = await writeMetadata(path, { description: 'x' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MetadataWriteError);
  expect((error as MetadataWriteError).code).toBe(code);
  expect((error as Error).message).toMatch(reason);
  expect(sha256(readFileSync(path))).toBe(before);
  expect(readdirSync(dirname(path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}
