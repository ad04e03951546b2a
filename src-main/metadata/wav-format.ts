// The WAVE `fmt ` chunk: what the samples are, so duration and bit depth come from headers only.

export interface WavFormat {
  codec: string;
  sampleRate: number;
  channels: number;
  /** Bytes per sample frame (all channels). */
  blockAlign: number;
  /** Bits per sample for PCM/float, null for compressed codecs. */
  bitDepth: number | null;
  /** Average bytes per second, used for compressed codecs without a `fact` chunk. */
  byteRate: number;
}

const CODECS: Record<number, string> = {
  0x0001: 'pcm-int',
  0x0002: 'adpcm-ms',
  0x0003: 'pcm-float',
  0x0006: 'alaw',
  0x0007: 'mulaw',
  0x0011: 'adpcm-ima',
  0x0050: 'mpeg',
  0x0055: 'mp3',
};
const EXTENSIBLE = 0xfffe;

export function parseWavFormat(fmt: Buffer): WavFormat | null {
  if (fmt.length < 16) return null;
  let tag = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const byteRate = fmt.readUInt32LE(8);
  const blockAlign = fmt.readUInt16LE(12);
  let bits = fmt.readUInt16LE(14);
  if (tag === EXTENSIBLE && fmt.length >= 40) {
    // WAVE_FORMAT_EXTENSIBLE: the real codec is the first two bytes of the sub-format GUID, and
    // the valid bits (e.g. 20 of 24) are what a person means by bit depth.
    const validBits = fmt.readUInt16LE(18);
    if (validBits > 0 && validBits <= bits) bits = validBits;
    tag = fmt.readUInt16LE(24);
  }
  const codec = CODECS[tag] ?? `wav-0x${tag.toString(16).padStart(4, '0')}`;
  const lossless = tag === 0x0001 || tag === 0x0003;
  return { codec, sampleRate, channels, blockAlign, bitDepth: lossless ? bits : null, byteRate };
}
