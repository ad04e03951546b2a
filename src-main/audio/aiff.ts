import { readAiff, type AiffComm } from '../container/aiff';
import type { FileReader } from '../container/file-reader';
import { DecodeError } from './decode-error';
import { BYTES_PER_SAMPLE, type PcmLayout, type SampleEncoding } from './pcm';

// AIFF and AIFF-C sample data as the decoder reads it: which encoding each compression type stands for.

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

export async function parseAiff(reader: FileReader, start = 0): Promise<PcmLayout> {
  const aiff = await readAiff(reader, start);
  if (!aiff) throw new DecodeError('not an AIFF file', reader.path);
  const { comm, sound } = aiff;
  if (comm === 'corrupt') throw new DecodeError('corrupt AIFF COMM chunk', reader.path);
  if (!comm) throw new DecodeError('AIFF has no COMM chunk', reader.path);
  if (sound === 'cut') throw new DecodeError('truncated AIFF sound data', reader.path);
  if (!sound) {
    // A file with zero frames may legally omit SSND.
    if (comm.frames === 0) return layout(comm, aiffEncoding(comm, reader.path), start + 12, 0);
    throw new DecodeError('AIFF has no SSND chunk', reader.path);
  }
  const encoding = aiffEncoding(comm, reader.path);
  const availableFrames = Math.floor(sound.bytes / (BYTES_PER_SAMPLE[encoding] * comm.channels));
  let frames = comm.frames;
  if (frames === 0) frames = availableFrames;
  else if (frames > availableFrames) {
    throw new DecodeError(
      `truncated AIFF sound data (header says ${frames} frames, file holds ${availableFrames})`,
      reader.path,
    );
  }
  return layout(comm, encoding, sound.offset, frames);
}

function layout(comm: AiffComm, encoding: SampleEncoding, dataOffset: number, frames: number): PcmLayout {
  const codec = encoding.startsWith('float')
    ? `float ${BYTES_PER_SAMPLE[encoding] * 8}-bit`
    : encoding === 'ulaw'
      ? 'µ-law'
      : encoding === 'alaw'
        ? 'A-law'
        : `PCM ${comm.bits}-bit`;
  return { encoding, codec, channels: comm.channels, sampleRate: comm.sampleRate, dataOffset, frames };
}

function aiffEncoding(comm: AiffComm, path: string): SampleEncoding {
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
