import { DecodeError } from './decode-error';
import type { FileReader } from './file-reader';
import { walkChunks } from './chunks';
import { BYTES_PER_SAMPLE, type PcmLayout, type SampleEncoding } from './pcm';

// AIFF and AIFF-C (Apple): big-endian IFF chunks; COMM says how, SSND holds the frames.

interface Comm {
  channels: number;
  frames: number;
  bits: number;
  sampleRate: number;
  compression: string;
}

/** AIFF-C compression types that are really uncompressed (or G.711), and how their samples are laid out. */
const AIFC_ENCODINGS: Record<string, (bytesPerSample: number) => SampleEncoding | undefined> = {
  NONE: bigEndianInt,
  twos: bigEndianInt,
  sowt: littleEndianInt,
  in24: () => 'int24be',
  in32: () => 'int32be',
  '42ni': () => 'int24le',
  '23ni': () => 'int32le',
  'raw ': (b) => (b === 1 ? 'uint8' : undefined),
  fl32: () => 'float32be',
  FL32: () => 'float32be',
  fl64: () => 'float64be',
  FL64: () => 'float64be',
  ulaw: () => 'ulaw',
  ULAW: () => 'ulaw',
  alaw: () => 'alaw',
  ALAW: () => 'alaw',
};

const KNOWN_COMPRESSED: Record<string, string> = {
  ima4: 'IMA ADPCM',
  MAC3: 'MACE 3:1',
  MAC6: 'MACE 6:1',
  Qclp: 'QCELP',
  GSM: 'GSM',
};

function bigEndianInt(bytesPerSample: number): SampleEncoding | undefined {
  return (['int8', 'int16be', 'int24be', 'int32be'] as const)[bytesPerSample - 1];
}

function littleEndianInt(bytesPerSample: number): SampleEncoding | undefined {
  return (['int8', 'int16le', 'int24le', 'int32le'] as const)[bytesPerSample - 1];
}

export async function parseAiff(reader: FileReader): Promise<PcmLayout> {
  const head = await reader.readAt(0, 12);
  const form = String.fromCharCode(...head.subarray(8, 12));
  if (head.length < 12 || (form !== 'AIFF' && form !== 'AIFC')) throw new DecodeError('not an AIFF file', reader.path);
  let comm: Comm | null = null;
  let sound: { offset: number; bytes: number } | null = null;

  await walkChunks(reader, 12, false, async (chunk) => {
    if (chunk.id === 'COMM') {
      comm = parseComm(await reader.readAt(chunk.bodyOffset, Math.min(chunk.size, 64)), form === 'AIFC', reader.path);
    } else if (chunk.id === 'SSND') {
      const body = await reader.readAt(chunk.bodyOffset, 8);
      if (body.length < 8) throw new DecodeError('truncated AIFF sound data', reader.path);
      const offset = new DataView(body.buffer, body.byteOffset, 8).getUint32(0, false);
      const start = chunk.bodyOffset + 8 + offset;
      // Recorders that never closed the file leave a zero or oversized chunk size: trust the file's end then.
      const declared = chunk.size >= 8 + offset ? chunk.size - 8 - offset : 0;
      const available = Math.max(0, reader.size - start);
      sound = { offset: start, bytes: declared === 0 ? available : Math.min(declared, available) };
      if (declared === 0 || declared > available) return 'stop';
    }
  });

  const foundComm = comm as Comm | null;
  const foundSound = sound as { offset: number; bytes: number } | null;
  if (!foundComm) throw new DecodeError('AIFF has no COMM chunk', reader.path);
  if (!foundSound) {
    // A file with zero frames may legally omit SSND.
    if (foundComm.frames === 0) return layout(foundComm, aiffEncoding(foundComm, reader.path), 12, 0);
    throw new DecodeError('AIFF has no SSND chunk', reader.path);
  }
  const encoding = aiffEncoding(foundComm, reader.path);
  const availableFrames = Math.floor(foundSound.bytes / (BYTES_PER_SAMPLE[encoding] * foundComm.channels));
  let frames = foundComm.frames;
  if (frames === 0) frames = availableFrames;
  else if (frames > availableFrames) {
    throw new DecodeError(
      `truncated AIFF sound data (header says ${frames} frames, file holds ${availableFrames})`,
      reader.path,
    );
  }
  return layout(foundComm, encoding, foundSound.offset, frames);
}

function layout(comm: Comm, encoding: SampleEncoding, dataOffset: number, frames: number): PcmLayout {
  const codec =
    encoding.startsWith('float') ? `float ${BYTES_PER_SAMPLE[encoding] * 8}-bit`
    : encoding === 'ulaw' ? 'µ-law'
    : encoding === 'alaw' ? 'A-law'
    : `PCM ${comm.bits}-bit`;
  return { encoding, codec, channels: comm.channels, sampleRate: comm.sampleRate, dataOffset, frames };
}

function parseComm(body: Uint8Array, isAifc: boolean, path: string): Comm {
  if (body.length < 18) throw new DecodeError('corrupt AIFF COMM chunk', path);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const comm: Comm = {
    channels: view.getInt16(0, false),
    frames: view.getUint32(2, false),
    bits: view.getInt16(6, false),
    sampleRate: readExtended(body, 8),
    compression: isAifc && body.length >= 22 ? String.fromCharCode(...body.subarray(18, 22)) : 'NONE',
  };
  if (comm.channels <= 0 || comm.bits <= 0 || !(comm.sampleRate > 0 && comm.sampleRate < 1e7)) {
    throw new DecodeError('corrupt AIFF COMM chunk', path);
  }
  return comm;
}

function aiffEncoding(comm: Comm, path: string): SampleEncoding {
  const pick = AIFC_ENCODINGS[comm.compression];
  if (!pick) {
    const name = KNOWN_COMPRESSED[comm.compression.trim()];
    throw new DecodeError(`unsupported codec: ${name ?? `AIFF-C '${comm.compression}'`}`, path);
  }
  // Odd sizes (12-bit, 20-bit) are stored left-justified in whole bytes.
  const encoding = pick(Math.ceil(comm.bits / 8));
  if (!encoding) throw new DecodeError(`unsupported sample size: ${comm.bits}-bit`, path);
  return encoding;
}

/** IEEE 754 80-bit extended (big-endian), the form AIFF stores its sample rate in. */
export function readExtended(bytes: Uint8Array, offset: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signAndExponent = view.getUint16(offset, false);
  const mantissa = view.getUint32(offset + 2, false) * 2 ** 32 + view.getUint32(offset + 6, false);
  const exponent = signAndExponent & 0x7fff;
  if (exponent === 0 && mantissa === 0) return 0;
  if (exponent === 0x7fff) return NaN;
  const value = mantissa * 2 ** (exponent - 16383 - 63);
  return signAndExponent & 0x8000 ? -value : value;
}
