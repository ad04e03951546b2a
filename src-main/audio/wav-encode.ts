// Float channels to a plain RIFF WAV file, for audio Hark writes itself (a region exported from the player).
// Integer sample formats invert the decoder's scaling exactly (n-bit value / 2^(n-1)), so a 16- or 24-bit source
// cut and written back at its own bit depth keeps every sample bit-identical.

export type WavSampleFormat = 'uint8' | 'int16' | 'int24' | 'float32';

const BYTES: Record<WavSampleFormat, number> = { uint8: 1, int16: 2, int24: 3, float32: 4 };
const HEADER_BYTES = 44;

/** The format that holds a source's samples without loss: its own integer depth, else 32-bit float. */
export function losslessWavFormat(codec: string): WavSampleFormat {
  const pcm = /^PCM (\d+)-bit$/.exec(codec);
  const bits = pcm ? Number(pcm[1]) : 0;
  if (bits === 8) return 'uint8';
  if (bits > 0 && bits <= 16) return 'int16';
  // 20-bit audio travels in 24-bit containers; 32-bit integers do not fit a float32's 24-bit mantissa, so float.
  if (bits > 16 && bits <= 24) return 'int24';
  return 'float32';
}

export function encodeWav(
  channels: readonly Float32Array[],
  sampleRate: number,
  format: WavSampleFormat,
): Uint8Array<ArrayBuffer> {
  if (channels.length === 0) throw new Error('a WAV file needs at least one channel');
  const frames = channels[0]!.length;
  const bytesPerSample = BYTES[format];
  const blockAlign = bytesPerSample * channels.length;
  const dataBytes = frames * blockAlign;
  const out = new Uint8Array(HEADER_BYTES + dataBytes + (dataBytes % 2));
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format === 'float32' ? 3 : 1, true); // WAVE_FORMAT_IEEE_FLOAT or PCM
  view.setUint16(22, channels.length, true);
  view.setUint32(24, Math.round(sampleRate), true);
  view.setUint32(28, Math.round(sampleRate) * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bytesPerSample * 8, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);

  let offset = HEADER_BYTES;
  for (let frame = 0; frame < frames; frame++) {
    for (const channel of channels) {
      const value = channel[frame] ?? 0;
      switch (format) {
        case 'uint8':
          out[offset] = clampInt(Math.round(value * 128) + 128, 0, 255);
          break;
        case 'int16':
          view.setInt16(offset, clampInt(Math.round(value * 32768), -32768, 32767), true);
          break;
        case 'int24': {
          const sample = clampInt(Math.round(value * 8388608), -8388608, 8388607);
          out[offset] = sample & 0xff;
          out[offset + 1] = (sample >> 8) & 0xff;
          out[offset + 2] = (sample >> 16) & 0xff;
          break;
        }
        case 'float32':
          view.setFloat32(offset, value, true);
          break;
      }
      offset += bytesPerSample;
    }
  }
  return out;
}

function clampInt(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
