// A file's spectrogram for the player: the tagger's own log-mel front-end (128 mel bands, 10 ms hops at 32 kHz) over
// the decoded audio, pooled to at most a few hundred columns and scaled to bytes, so a glance shows where the
// energy is in time and pitch.
import type { Spectrogram } from '../api/contract';
import { decodeToMono } from '../audio/decode';
import { HOP_LENGTH, MEL_BANDS, SAMPLE_RATE } from '../ml/efficientat';
import { createLogMelFrontEnd, MIN_FRONTEND_SAMPLES, type LogMelFrontEnd } from '../ml/log-mel';

/** Long files: the first this many seconds (a preview, not an editor). */
const MAX_SECONDS = 120;
const MAX_COLUMNS = 600;

/**
 * One front-end for the process, made at the first spectrogram: making one compiles its WebAssembly, and each file
 * the player shows asks for one. Its computation runs without awaiting, so calls never interleave on its buffers.
 */
let shared: Promise<LogMelFrontEnd> | null = null;
const frontEnd = () =>
  (shared ??= createLogMelFrontEnd().catch((error: unknown) => {
    shared = null;
    throw error;
  }));

export async function fileSpectrogram(fileId: number, path: string): Promise<Spectrogram> {
  const audio = await decodeToMono(path, SAMPLE_RATE, { maxSeconds: MAX_SECONDS });
  let samples = audio.samples;
  if (samples.length < MIN_FRONTEND_SAMPLES) {
    const padded = new Float32Array(MIN_FRONTEND_SAMPLES);
    padded.set(samples);
    samples = padded;
  }
  const mel = await (await frontEnd()).compute(samples);
  const frames = mel.length / MEL_BANDS;
  const columns = Math.max(1, Math.min(MAX_COLUMNS, frames));
  const perColumn = frames / columns;
  // From the quietest cell to the loudest: the front-end's values are already normalised logs, floored at its epsilon.
  let top = -Infinity;
  let floor = Infinity;
  for (const value of mel) {
    if (value > top) top = value;
    if (value < floor) floor = value;
  }
  const range = Math.max(1e-6, top - floor);
  const bytes = new Uint8Array(MEL_BANDS * columns);
  for (let band = 0; band < MEL_BANDS; band++) {
    for (let column = 0; column < columns; column++) {
      // The loudest frame of the column: a short hit stays visible however long the file.
      let best = -Infinity;
      const from = Math.floor(column * perColumn);
      const to = Math.max(from + 1, Math.floor((column + 1) * perColumn));
      for (let f = from; f < to && f < frames; f++) best = Math.max(best, mel[band * frames + f]!);
      const level = (best - floor) / range;
      bytes[band * columns + column] = Math.round(255 * Math.min(1, Math.max(0, level)));
    }
  }
  return {
    fileId,
    bands: MEL_BANDS,
    columns,
    seconds: (frames * HOP_LENGTH) / SAMPLE_RATE,
    data: Buffer.from(bytes).toString('base64'),
  };
}
