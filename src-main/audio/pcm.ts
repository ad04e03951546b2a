// Uncompressed sample data (WAV, AIFF) to float channels. Kept apart from the container parsers so both share
// one well-tested conversion.

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
  const channels = Array.from({ length: channelCount }, () => new Float32Array(frames));
  for (let c = 0; c < channelCount; c++) {
    const out = channels[c];
    for (let i = 0, j = c; i < frames; i++, j += channelCount) out[i] = interleaved[j];
  }
  return channels;
}

/**
 * The first `count` samples as floats. One tight loop per encoding: a shared loop calling a per-encoding reader
 * was several times slower (the call site goes megamorphic).
 */
function toFloat(bytes: Uint8Array, encoding: SampleEncoding, count: number): Float32Array {
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (encoding) {
    case 'uint8':
      for (let i = 0; i < count; i++) out[i] = (bytes[i] - 128) / 128;
      break;
    case 'int8':
      for (let i = 0; i < count; i++) out[i] = ((bytes[i] << 24) >> 24) / 128;
      break;
    case 'int16le':
    case 'int16be': {
      const little = encoding === 'int16le';
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, little) / 32768;
      break;
    }
    case 'int24le':
      for (let i = 0, p = 0; i < count; i++, p += 3) {
        out[i] = (((bytes[p + 2] << 24) | (bytes[p + 1] << 16) | (bytes[p] << 8)) >> 8) / 8388608;
      }
      break;
    case 'int24be':
      for (let i = 0, p = 0; i < count; i++, p += 3) {
        out[i] = (((bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8)) >> 8) / 8388608;
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
      for (let i = 0; i < count; i++) out[i] = ALAW[bytes[i]];
      break;
    case 'ulaw':
      for (let i = 0; i < count; i++) out[i] = ULAW[bytes[i]];
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
