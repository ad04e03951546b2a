// Uncompressed sample data (WAV, AIFF) to float channels. Kept apart from the container parsers so both share
// one well-tested conversion.

import { toMono } from './mono';

export type SampleEncoding =
  | 'uint8'
  | 'int8'
  | 'int16le'
  | 'int16be'
  | 'int24le'
  | 'int24be'
  | 'int32le'
  | 'int32be'
  | 'float32le'
  | 'float32be'
  | 'float64le'
  | 'float64be'
  | 'alaw'
  | 'ulaw';

export const BYTES_PER_SAMPLE: Record<SampleEncoding, number> = {
  uint8: 1,
  int8: 1,
  int16le: 2,
  int16be: 2,
  int24le: 3,
  int24be: 3,
  int32le: 4,
  int32be: 4,
  float32le: 4,
  float32be: 4,
  float64le: 8,
  float64be: 8,
  alaw: 1,
  ulaw: 1,
};

/** Where a container's sample data lies and how it is coded. Both parsers produce this and nothing else. */
export interface PcmLayout {
  encoding: SampleEncoding;
  channels: number;
  sampleRate: number;
  /** Byte offset of the first sample frame in the file. */
  dataOffset: number;
  /** Sample frames in the file (whole frames only). */
  frames: number;
  /** Short codec name for people, e.g. "PCM 24-bit", "float 32-bit", "µ-law". */
  codec: string;
}

/** Interleaved frames to one Float32Array per channel, full scale mapped to [-1, 1). */
export function deinterleave(bytes: Uint8Array, encoding: SampleEncoding, channelCount: number): Float32Array[] {
  const frames = Math.floor(bytes.length / (BYTES_PER_SAMPLE[encoding] * channelCount));
  const interleaved = toFloat(bytes, encoding, frames * channelCount);
  return Array.from({ length: channelCount }, (_, c) => {
    const out = new Float32Array(frames);
    for (let i = 0, j = c; i < frames; i++, j += channelCount) out[i] = interleaved[j]!;
    return out;
  });
}

/**
 * Interleaved frames straight to one mono channel (the average of the channels, as toMono gives), written into
 * `out` from index 0; returns the frame count. The analysis path's common cases (16- and 24-bit integers) have
 * loops of their own, so they skip the per-channel arrays entirely; the rest go through deinterleave.
 */
export function mixToMono(
  bytes: Uint8Array,
  encoding: SampleEncoding,
  channelCount: number,
  out: Float32Array,
): number {
  const frames = Math.min(out.length, Math.floor(bytes.length / (BYTES_PER_SAMPLE[encoding] * channelCount)));
  if (encoding === 'int16le' && LITTLE_ENDIAN_HOST && bytes.byteOffset % 2 === 0) {
    const samples = new Int16Array(bytes.buffer, bytes.byteOffset, frames * channelCount);
    const scale = 1 / (32768 * channelCount);
    if (channelCount === 2) {
      for (let i = 0, j = 0; i < frames; i++, j += 2) out[i] = (samples[j]! + samples[j + 1]!) * scale;
    } else {
      for (let i = 0, j = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < channelCount; c++, j++) sum += samples[j]!;
        out[i] = sum * scale;
      }
    }
  } else if (encoding === 'int24le') {
    const scale = 1 / (8388608 * channelCount);
    for (let i = 0, p = 0; i < frames; i++) {
      let sum = 0;
      for (let c = 0; c < channelCount; c++, p += 3)
        sum += ((bytes[p + 2]! << 24) | (bytes[p + 1]! << 16) | (bytes[p]! << 8)) >> 8;
      out[i] = sum * scale;
    }
  } else {
    const channels = deinterleave(
      bytes.subarray(0, frames * BYTES_PER_SAMPLE[encoding] * channelCount),
      encoding,
      channelCount,
    );
    out.set(toMono(channels).subarray(0, frames));
  }
  return frames;
}

/** Int16Array reads in the host's byte order; WAV's is little-endian, like every platform Hark runs on. */
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The first `count` samples as floats. One tight loop per encoding: a shared loop calling a per-encoding reader
 * was several times slower (the call site goes megamorphic). Every index stays below `count`, which the callers fit
 * to `bytes`, hence the non-null assertions.
 */
function toFloat(bytes: Uint8Array, encoding: SampleEncoding, count: number): Float32Array {
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (encoding) {
    case 'uint8':
      for (let i = 0; i < count; i++) out[i] = (bytes[i]! - 128) / 128;
      break;
    case 'int8':
      for (let i = 0; i < count; i++) out[i] = ((bytes[i]! << 24) >> 24) / 128;
      break;
    case 'int16le':
    case 'int16be': {
      const little = encoding === 'int16le';
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, little) / 32768;
      break;
    }
    case 'int24le':
      for (let i = 0, p = 0; i < count; i++, p += 3) {
        out[i] = (((bytes[p + 2]! << 24) | (bytes[p + 1]! << 16) | (bytes[p]! << 8)) >> 8) / 8388608;
      }
      break;
    case 'int24be':
      for (let i = 0, p = 0; i < count; i++, p += 3) {
        out[i] = (((bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8)) >> 8) / 8388608;
      }
      break;
    case 'int32le':
    case 'int32be': {
      const little = encoding === 'int32le';
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, little) / 2147483648;
      break;
    }
    // Float files may hold NaN or infinities (broken plug-ins); one such sample would poison every later stage.
    case 'float32le':
    case 'float32be': {
      const little = encoding === 'float32le';
      for (let i = 0; i < count; i++) out[i] = finite(view.getFloat32(4 * i, little));
      break;
    }
    case 'float64le':
    case 'float64be': {
      const little = encoding === 'float64le';
      for (let i = 0; i < count; i++) out[i] = finite(view.getFloat64(8 * i, little));
      break;
    }
    case 'alaw':
      for (let i = 0; i < count; i++) out[i] = ALAW[bytes[i]!]!;
      break;
    case 'ulaw':
      for (let i = 0; i < count; i++) out[i] = ULAW[bytes[i]!]!;
      break;
  }
  return out;
}

const finite = (value: number) => (Number.isFinite(value) ? value : 0);

// G.711 expansion (ITU-T G.711), to 16-bit linear and then to float.
const ULAW = Float32Array.from({ length: 256 }, (_, i) => {
  const u = ~i & 0xff;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4)) - 0x84;
  return (u & 0x80 ? -magnitude : magnitude) / 32768;
});

const ALAW = Float32Array.from({ length: 256 }, (_, i) => {
  const a = i ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let magnitude = (a & 0x0f) << 4;
  magnitude = segment === 0 ? magnitude + 8 : (magnitude + 0x108) << (segment - 1);
  return (a & 0x80 ? magnitude : -magnitude) / 32768;
});
