import { view } from './bytes';

// The WAVE `fmt ` chunk: what the samples are, so that decoding knows how to read them and probing knows the
// duration and bit depth from the headers alone.

export const WAVE_FORMAT_PCM = 0x0001;
export const WAVE_FORMAT_FLOAT = 0x0003;
export const WAVE_FORMAT_ALAW = 0x0006;
export const WAVE_FORMAT_ULAW = 0x0007;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Format tags Hark knows by name: `id` is what the catalogue records (tags without one are recorded as
 * "wav-0x0031" and so on), `name` is what a refusal to decode says.
 */
export const WAVE_CODECS: Record<number, { id?: string; name: string }> = {
  [WAVE_FORMAT_PCM]: { id: 'pcm-int', name: 'PCM' },
  0x0002: { id: 'adpcm-ms', name: 'MS ADPCM' },
  [WAVE_FORMAT_FLOAT]: { id: 'pcm-float', name: 'float' },
  [WAVE_FORMAT_ALAW]: { id: 'alaw', name: 'A-law' },
  [WAVE_FORMAT_ULAW]: { id: 'mulaw', name: 'µ-law' },
  0x0011: { id: 'adpcm-ima', name: 'IMA ADPCM' },
  0x0031: { name: 'GSM 6.10' },
  0x0050: { id: 'mpeg', name: 'MPEG' },
  0x0055: { id: 'mp3', name: 'MP3' },
  0x00ff: { name: 'AAC' },
  0x0161: { name: 'WMA' },
  0x1610: { name: 'AAC' },
};

export interface WaveFormat {
  /** The real format tag: for WAVE_FORMAT_EXTENSIBLE, the one in its sub-format GUID. */
  formatTag: number;
  /** WAVE_FORMAT_EXTENSIBLE whose chunk is too short to hold the sub-format: formatTag stays 0xFFFE. */
  extensibleCut: boolean;
  channels: number;
  sampleRate: number;
  /** Average bytes per second, what compressed codecs without a `fact` chunk give a duration by. */
  byteRate: number;
  /** Bytes per sample frame (all channels). */
  blockAlign: number;
  /** Bits per sample as stored (the container size for PCM: 24 for 20-bit audio in 3-byte words). */
  bitsPerSample: number;
  /** Bits that carry signal: the extensible chunk's valid bits (20 of 24), else bitsPerSample. */
  validBits: number;
}

/** The fmt chunk body; null when it is too short to be one. */
export function parseWaveFormat(body: Uint8Array): WaveFormat | null {
  if (body.length < 16) return null;
  const fields = view(body);
  const bitsPerSample = fields.getUint16(14, true);
  const format: WaveFormat = {
    formatTag: fields.getUint16(0, true),
    extensibleCut: false,
    channels: fields.getUint16(2, true),
    sampleRate: fields.getUint32(4, true),
    byteRate: fields.getUint32(8, true),
    blockAlign: fields.getUint16(12, true),
    bitsPerSample,
    validBits: bitsPerSample,
  };
  if (format.formatTag === WAVE_FORMAT_EXTENSIBLE) {
    if (body.length < 26) return { ...format, extensibleCut: true };
    // The sub-format GUID starts with the real format tag; the valid bits are what a person means by bit depth.
    const validBits = fields.getUint16(18, true);
    if (validBits > 0 && validBits <= bitsPerSample) format.validBits = validBits;
    format.formatTag = fields.getUint16(24, true);
  }
  return format;
}
