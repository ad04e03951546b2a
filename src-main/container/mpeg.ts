import { ascii, readU32BE } from './bytes';

// MPEG audio (MP1/2/3) frame headers: enough to recognise MP3 by content, tell mono from stereo (the decoder
// always hands back two channels) and know or estimate the duration without decoding the whole file.

export interface MpegFrameHeader {
  /** 1 for MPEG-1, 2 for MPEG-2, 2.5 for MPEG-2.5. */
  version: 1 | 2 | 2.5;
  layer: 1 | 2 | 3;
  /** kbit/s */
  bitrate: number;
  sampleRate: number;
  channels: 1 | 2;
  samplesPerFrame: number;
  /** Whole frame in bytes, header included. */
  frameLength: number;
  hasCrc: boolean;
}

const BITRATES_V1 = [
  [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
];
const BITRATES_V2 = [
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
];
const SAMPLE_RATES: Record<number, number[]> = {
  1: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  2.5: [11025, 12000, 8000],
};

/** The frame header at `offset`, or null when those four bytes are not a usable one (free-format included). */
export function parseMpegFrameHeader(bytes: Uint8Array, offset = 0): MpegFrameHeader | null {
  if (offset + 4 > bytes.length) return null;
  const b1 = bytes[offset + 1]!;
  const b2 = bytes[offset + 2]!;
  const b3 = bytes[offset + 3]!;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const versionBits = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  if ((b3 & 3) === 2) return null; // reserved emphasis: a good sign of random bytes
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const bitrate = (version === 1 ? BITRATES_V1 : BITRATES_V2)[layer - 1]![bitrateIndex]!;
  const sampleRate = SAMPLE_RATES[version]![rateIndex]!;
  const samplesPerFrame = layer === 1 ? 384 : layer === 3 && version !== 1 ? 576 : 1152;
  const padding = (b2 >> 1) & 1;
  const frameLength =
    layer === 1
      ? (Math.floor((12 * bitrate * 1000) / sampleRate) + padding) * 4
      : Math.floor(((samplesPerFrame / 8) * bitrate * 1000) / sampleRate) + padding;
  return {
    version,
    layer,
    bitrate,
    sampleRate,
    channels: b3 >> 6 === 3 ? 1 : 2,
    samplesPerFrame,
    frameLength,
    hasCrc: (b1 & 1) === 0,
  };
}

/**
 * A frame header at `offset` that is followed by a second, matching one. One header alone is four bytes that
 * random data matches about once in a few thousand tries; two in a row at the right distance is MPEG audio.
 * When the second would lie past the end of `bytes`, the first is accepted alone only if `aloneIsEnough` (a frame
 * at the very start of what was read, in a file too short for two).
 */
export function isMpegFrameAt(bytes: Uint8Array, offset: number, aloneIsEnough = true): MpegFrameHeader | null {
  const first = parseMpegFrameHeader(bytes, offset);
  if (!first) return null;
  const nextOffset = offset + first.frameLength;
  if (nextOffset + 4 > bytes.length) return aloneIsEnough ? first : null;
  const second = parseMpegFrameHeader(bytes, nextOffset);
  if (!second || second.version !== first.version || second.layer !== first.layer) return null;
  if (second.sampleRate !== first.sampleRate) return null;
  return first;
}

/**
 * Offset of the first confirmed frame at or after `from`, searching at most `within` bytes; -1 when none. Past
 * `from` a frame needs its confirming second: near the end of a block of random bytes a lone header is likely.
 */
export function findMpegFrame(bytes: Uint8Array, from: number, within = bytes.length): number {
  const end = Math.min(bytes.length - 4, from + within);
  for (let i = from; i <= end; i++) {
    if (bytes[i] === 0xff && isMpegFrameAt(bytes, i, i === from)) return i;
  }
  return -1;
}

/**
 * Frames in the stream from the Xing/Info (LAME and most VBR encoders) or VBRI (Fraunhofer) header that sits in
 * the first frame, less the encoder delay and padding the LAME tag records; null when the first frame has none.
 */
export function mpegTotalSamples(frame: Uint8Array, header: MpegFrameHeader): number | null {
  const sideInfo = header.version === 1 ? (header.channels === 1 ? 17 : 32) : header.channels === 1 ? 9 : 17;
  for (const start of [4 + sideInfo, 4 + 2 + sideInfo]) {
    const tag = ascii(frame, start, 4);
    if (tag !== 'Xing' && tag !== 'Info') continue;
    const flags = readU32BE(frame, start + 4);
    if (flags === null || !(flags & 1)) return null;
    const frames = readU32BE(frame, start + 8);
    if (frames === null) return null;
    let lame = start + 8 + 4 + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
    let delay = 0;
    let padding = 0;
    if (ascii(frame, lame, 4) === 'LAME' && lame + 24 <= frame.length) {
      lame += 21; // LAME tag: 9-byte version, then fields up to the 24-bit delay/padding pair
      delay = (frame[lame]! << 4) | (frame[lame + 1]! >> 4);
      padding = ((frame[lame + 1]! & 0x0f) << 8) | frame[lame + 2]!;
    }
    return Math.max(0, frames * header.samplesPerFrame - delay - padding);
  }
  if (ascii(frame, 4 + 32, 4) === 'VBRI') {
    const frames = readU32BE(frame, 4 + 32 + 14);
    return frames === null ? null : frames * header.samplesPerFrame;
  }
  return null;
}
