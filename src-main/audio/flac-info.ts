// FLAC's STREAMINFO block: sample rate, channels and total length without decoding a frame.

export interface StreamInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** 0 when the encoder did not know it (streamed encodes). */
  totalSamples: number;
}

/** STREAMINFO of the native FLAC stream whose "fLaC" marker is at `offset`; null when it is not there. */
export function readFlacStreamInfo(bytes: Uint8Array, offset: number): StreamInfo | null {
  if (String.fromCharCode(...bytes.subarray(offset, offset + 4)) !== 'fLaC') return null;
  const blockType = bytes[offset + 4] & 0x7f;
  if (blockType !== 0) return null;
  return parseStreamInfoBody(bytes, offset + 8);
}

/** The 34-byte STREAMINFO body at `offset` (also found inside Ogg FLAC's first packet). */
export function parseStreamInfoBody(bytes: Uint8Array, offset: number): StreamInfo | null {
  if (offset + 34 > bytes.length) return null;
  const b = (i: number) => bytes[offset + i];
  const sampleRate = (b(10) << 12) | (b(11) << 4) | (b(12) >> 4);
  const channels = ((b(12) >> 1) & 7) + 1;
  const bitsPerSample = (((b(12) & 1) << 4) | (b(13) >> 4)) + 1;
  const lowWord = ((b(14) << 24) | (b(15) << 16) | (b(16) << 8) | b(17)) >>> 0;
  const totalSamples = (b(13) & 0x0f) * 2 ** 32 + lowWord;
  if (sampleRate === 0) return null;
  return { sampleRate, channels, bitsPerSample, totalSamples };
}
