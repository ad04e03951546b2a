// Waveform overviews: min/max pairs at a modest rate, computed once at analysis time and stored, so the renderer
// draws any file without decoding it.

export interface PeakData {
  /** Peak pairs per second of audio (may be below the asked rate for long files, see maxPeaks). */
  rate: number;
  /** Interleaved min,max pairs in [-1, 1]. */
  data: Float32Array;
}

/**
 * Min and max of each 1/peaksPerSecond slice of `samples`. Long files get fewer pairs per second so that no file
 * has more than `maxPeaks` pairs: the waveform view is a few thousand pixels wide at most.
 */
export function computePeaks(
  samples: Float32Array,
  sampleRate: number,
  peaksPerSecond = 100,
  maxPeaks = 8000,
): PeakData {
  const duration = samples.length / sampleRate;
  if (samples.length === 0 || !(sampleRate > 0)) return { rate: peaksPerSecond, data: new Float32Array(0) };
  const rate = Math.min(peaksPerSecond, maxPeaks / duration);
  const samplesPerPeak = sampleRate / rate;
  const count = Math.min(maxPeaks, Math.ceil(samples.length / samplesPerPeak));
  const data = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const start = Math.floor(i * samplesPerPeak);
    const end = Math.max(start + 1, Math.min(samples.length, Math.floor((i + 1) * samplesPerPeak)));
    let min = Infinity;
    let max = -Infinity;
    for (let j = start; j < end; j++) {
      const value = samples[j]!;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    data[2 * i] = Math.max(-1, min);
    data[2 * i + 1] = Math.min(1, max);
  }
  return { rate, data };
}

// BLOB layout: byte 0 = format version (1), bytes 1-4 = rate as float32 little-endian, then one signed byte per
// value (min, max, min, max...) scaled by 127. A 10-minute file at 8000 pairs is 16 kB.
const VERSION = 1;
const HEADER_BYTES = 5;

/** Compact form for SQLite. Mins round down and maxes up, so quiet passages still show a line. */
export function encodePeaks(peaks: PeakData): Uint8Array {
  const blob = new Uint8Array(HEADER_BYTES + peaks.data.length);
  const view = new DataView(blob.buffer);
  view.setUint8(0, VERSION);
  view.setFloat32(1, peaks.rate, true);
  peaks.data.forEach((value, i) => {
    const scaled = value * 127;
    const rounded = i % 2 === 0 ? Math.floor(scaled) : Math.ceil(scaled);
    view.setInt8(HEADER_BYTES + i, Math.max(-127, Math.min(127, rounded)));
  });
  return blob;
}

export function decodePeaks(blob: Uint8Array): PeakData {
  if (blob.length < HEADER_BYTES || blob[0] !== VERSION || (blob.length - HEADER_BYTES) % 2 !== 0) {
    throw new Error('not a peaks blob (wrong version or length)');
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const data = new Float32Array(blob.length - HEADER_BYTES);
  for (let i = 0; i < data.length; i++) data[i] = view.getInt8(HEADER_BYTES + i) / 127;
  return { rate: view.getFloat32(1, true), data };
}
