// Finer waveform peaks for a zoomed-in player. The stored overview has at most 100 pairs a second (and at most
// 8000 pairs a file), which turns blocky past 100 px/s; zooming asks for a finer level, computed here from the
// file's own samples at its own rate and kept for the few files last zoomed into.
import { decodeToMono } from '../audio/decode';
import { computePeaks } from '../audio/peaks';

/** The levels a client may ask for, in pairs per second: twice the previous each, from twice the overview. */
export const DETAIL_RATES = [200, 400, 800, 1600, 3200] as const;
const FINEST_RATE = 3200;
/** One answer stays a few MB of JSON at most. */
const MAX_DETAIL_PAIRS = 200_000;
/** Decoding holds the whole mono signal: past ten minutes the overview is what the player shows. */
export const MAX_DETAIL_SECONDS = 600;
const CACHED_FILES = 6;

export interface DetailSource {
  fileId: number;
  path: string;
  sampleRate: number;
  duration: number;
  /** Part of the cache key: a file changed on disk is decoded again. */
  modifiedMs: number;
}

export interface DetailPeaks {
  rate: number;
  data: number[];
}

/** The level for a wanted density: the first at or above it, or the finest. */
export function detailLevel(wanted: number): number {
  return DETAIL_RATES.find((rate) => rate >= wanted) ?? FINEST_RATE;
}

export class DetailPeaksCache {
  private readonly entries = new Map<string, Promise<DetailPeaks>>();

  /** Null when no finer level than the overview's can be had (too long, or an unknown rate). */
  get(source: DetailSource, wanted: number): Promise<DetailPeaks> | null {
    if (!(source.sampleRate > 0) || !(source.duration > 0) || source.duration > MAX_DETAIL_SECONDS) return null;
    const rate = Math.min(detailLevel(wanted), MAX_DETAIL_PAIRS / source.duration);
    const key = `${source.fileId}:${source.modifiedMs}:${rate}`;
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key); // most recent last
    } else {
      entry = compute(source, rate);
      entry.catch(() => this.entries.delete(key));
    }
    this.entries.set(key, entry);
    while (this.entries.size > CACHED_FILES) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}

async function compute(source: DetailSource, rate: number): Promise<DetailPeaks> {
  // At the source's own rate: no resampling, so a transient sits exactly where the samples put it.
  const audio = await decodeToMono(source.path, source.sampleRate);
  const peaks = computePeaks(audio.samples, audio.sampleRate, rate, MAX_DETAIL_PAIRS);
  return { rate: peaks.rate, data: Array.from(peaks.data, (value) => Math.round(value * 10000) / 10000) };
}
