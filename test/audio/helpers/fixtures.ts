// Test fixtures made at test time: sox/lame/oggenc/opusenc for real encoders, and a tiny WAV writer for the RIFF
// variants sox cannot produce (RF64, odd chunks, placeholder sizes).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hark-audio-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function run(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * A sine tone written by sox. `format` is a list of sox output options (e.g. ['-b', '24']). Dither is off (-D) so
 * that sample values are reproducible.
 */
export function soxTone(
  path: string,
  opts: { rate?: number; channels?: number; seconds?: number; frequency?: number; volume?: number; format?: string[] },
): string {
  const { rate = 44100, channels = 1, seconds = 1, frequency = 1000, volume = 0.5, format = ['-b', '16'] } = opts;
  run('sox', [
    '-D',
    '-n',
    '-r',
    String(rate),
    '-c',
    String(channels),
    ...format,
    path,
    'synth',
    String(seconds),
    'sine',
    String(frequency),
    'vol',
    String(volume),
  ]);
  return path;
}

/**
 * A sine tone as sox writes it to a pipe (`sox -n -t wav - synth … | cat > file`): unable to seek back, sox leaves
 * a placeholder data size (0x7FFFF000 rounded down to whole frames) far past the end of the file.
 */
export function soxStreamed(path: string, opts: { seconds: number; format?: string[] }): string {
  const args = ['-D', '-n', ...(opts.format ?? []), '-t', 'wav', '-', 'synth', String(opts.seconds), 'sine', '440'];
  writeFileSync(path, execFileSync('sox', args, { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }));
  return path;
}

/** The size field of a WAV file's data chunk, as written. */
export function wavDataSizeField(path: string): number {
  const bytes = readFileSync(path);
  return bytes.readUInt32LE(bytes.indexOf('data', 12, 'latin1') + 4);
}

/** The file's samples as sox itself decodes them: interleaved float32, for exact comparisons. */
export function soxSamples(path: string): Float32Array {
  const raw = execFileSync('sox', ['-D', path, '-t', 'raw', '-e', 'floating-point', '-b', '32', '-L', '-'], {
    maxBuffer: 1 << 28,
  });
  const copy = new Uint8Array(raw.byteLength);
  copy.set(raw);
  return new Float32Array(copy.buffer);
}

export function interleave(channels: Float32Array[]): Float32Array {
  const frames = channels[0]?.length ?? 0;
  const out = new Float32Array(frames * channels.length);
  channels.forEach((channel, c) => channel.forEach((value, i) => (out[i * channels.length + c] = value)));
  return out;
}

/** One channel of decoded audio; a missing channel fails here, by name, not as a TypeError further on. */
export function channel(audio: { channels: Float32Array[] }, index = 0): Float32Array {
  const samples = audio.channels[index];
  if (!samples) throw new Error(`decoded audio has no channel ${index} (it has ${audio.channels.length})`);
  return samples;
}

export function rms(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / Math.max(1, to - from));
}

/** Amplitude of the component at `frequency`, by projection on sine and cosine over the middle 60%. */
export function toneAmplitude(samples: Float32Array, frequency: number, sampleRate: number): number {
  const from = Math.floor(samples.length * 0.2);
  const to = Math.floor(samples.length * 0.8);
  let sine = 0;
  let cosine = 0;
  for (let i = from; i < to; i++) {
    const phase = (2 * Math.PI * frequency * i) / sampleRate;
    sine += samples[i]! * Math.sin(phase);
    cosine += samples[i]! * Math.cos(phase);
  }
  return (2 * Math.hypot(sine, cosine)) / (to - from);
}

export const SONIC_PI = '/usr/share/sonic-pi/samples';

export interface WavSpec {
  riff?: 'RIFF' | 'RF64' | 'BW64';
  formatTag?: number;
  extensible?: boolean;
  channels?: number;
  sampleRate?: number;
  bitsPerSample?: number;
  /** Raw interleaved sample bytes. */
  data: Uint8Array;
  /** Chunks written between fmt and data (odd sizes get a pad byte unless `omitPad`). */
  extraChunks?: Array<{ id: string; body: Uint8Array; omitPad?: boolean }>;
  /** What to write in the data chunk's size field instead of the real size. */
  dataSizeField?: number;
  /** Put fmt after data (legal RIFF, rare). */
  fmtAfterData?: boolean;
}

/** A minimal WAV writer for the variants sox does not write. */
export function buildWav(spec: WavSpec): Uint8Array {
  const { riff = 'RIFF', channels = 1, sampleRate = 44100, bitsPerSample = 16, formatTag = 1 } = spec;
  const blockAlign = (channels * Math.ceil(bitsPerSample / 8)) | 0;
  const fmt = new DataView(new ArrayBuffer(spec.extensible ? 40 : 16));
  fmt.setUint16(0, spec.extensible ? 0xfffe : formatTag, true);
  fmt.setUint16(2, channels, true);
  fmt.setUint32(4, sampleRate, true);
  fmt.setUint32(8, sampleRate * blockAlign, true);
  fmt.setUint16(12, blockAlign, true);
  fmt.setUint16(14, bitsPerSample, true);
  if (spec.extensible) {
    fmt.setUint16(16, 22, true);
    fmt.setUint16(18, bitsPerSample, true);
    fmt.setUint32(20, channels === 2 ? 3 : 4, true);
    // KSDATAFORMAT_SUBTYPE_xxx: format tag, then the fixed GUID tail.
    fmt.setUint16(24, formatTag, true);
    const tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
    tail.forEach((byte, i) => fmt.setUint8(26 + i, byte));
  }
  const parts: Uint8Array[] = [];
  const is64 = riff !== 'RIFF';
  if (is64) {
    const ds64 = new DataView(new ArrayBuffer(28));
    const riffSize = 4 + 36 + 8 + fmt.byteLength + 8 + spec.data.length;
    ds64.setUint32(0, riffSize, true);
    ds64.setUint32(8, spec.data.length % 2 ** 32, true);
    ds64.setUint32(12, Math.floor(spec.data.length / 2 ** 32), true);
    parts.push(chunk('ds64', new Uint8Array(ds64.buffer)));
  }
  const fmtChunk = chunk('fmt ', new Uint8Array(fmt.buffer));
  if (!spec.fmtAfterData) parts.push(fmtChunk);
  for (const extra of spec.extraChunks ?? []) parts.push(chunk(extra.id, extra.body, extra.omitPad));
  const dataSize = spec.dataSizeField ?? (is64 ? 0xffffffff : spec.data.length);
  parts.push(chunk('data', spec.data, false, dataSize));
  if (spec.fmtAfterData) parts.push(fmtChunk);
  const bodyLength = parts.reduce((sum, part) => sum + part.length, 0);
  const header = new DataView(new ArrayBuffer(12));
  [...riff].forEach((char, i) => header.setUint8(i, char.charCodeAt(0)));
  header.setUint32(4, is64 ? 0xffffffff : 4 + bodyLength, true);
  [...'WAVE'].forEach((char, i) => header.setUint8(8 + i, char.charCodeAt(0)));
  return concat([new Uint8Array(header.buffer), ...parts]);
}

function chunk(id: string, body: Uint8Array, omitPad = false, sizeField = body.length): Uint8Array {
  const pad = body.length % 2 === 1 && !omitPad ? 1 : 0;
  const out = new Uint8Array(8 + body.length + pad);
  const view = new DataView(out.buffer);
  [...id].forEach((char, i) => view.setUint8(i, char.charCodeAt(0)));
  view.setUint32(4, sizeField, true);
  out.set(body, 8);
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** 16-bit little-endian PCM bytes for the given integer sample values. */
export function int16Bytes(values: number[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 2));
  values.forEach((value, i) => view.setInt16(i * 2, value, true));
  return new Uint8Array(view.buffer);
}

export function writeBytes(path: string, bytes: Uint8Array): string {
  writeFileSync(path, bytes);
  return path;
}

export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** Largest absolute difference between two signals; Infinity when their lengths differ. */
export function maxDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}
