import { decodePeaks } from '../audio/peaks';

/** Stored peaks -> the plain number list the API sends (interleaved min,max in [-1, 1]). */
export function decodePeaksBlob(blob: Uint8Array): number[] {
  return Array.from(decodePeaks(blob).data, (value) => Math.round(value * 1000) / 1000);
}
