import { blobToFloat32, float32ToBlob } from './blobs';
import type { Db } from './database';
import { deleteExtensionOutput, saveExtensionOutput, type ExtensionOutputRecord } from './extension-outputs';
import { analysedFileVersions } from './files';
import { toMatrix, type ProbabilityMatrix, type VectorSource } from './matrix';
import { stmt } from './statements';

export interface AnalysisRecord {
  /** Identifies the pipeline that made this (model + front-end version); a different key means analyse again. */
  analysisKey: string;
  modelId: string | null;
  duration: number | null;
  probs: Float32Array | null;
  features: Float32Array | null;
  /** The analysis extension's output for this file (e.g. the trained heads' codes), and the key of what made it. */
  extension?: { key: string; output: ExtensionOutputRecord } | null;
  peaks: Uint8Array;
  peaksRate: number;
  windows: { start: number; end: number; probs: Float32Array }[];
  autoTags: { source: 'audioset' | 'ucs'; label: string; score: number }[];
}

/** Stores one file's analysis and marks it done, atomically: a crash leaves either all of it or none. */
export function saveAnalysis(db: Db, fileId: number, record: AnalysisRecord): void {
  db.transaction(() => {
    stmt(
      db,
      `INSERT INTO analysis (file_id, model_id, probs, features, peaks, peaks_rate) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(file_id) DO UPDATE SET model_id = excluded.model_id, probs = excluded.probs,
         features = excluded.features, peaks = excluded.peaks, peaks_rate = excluded.peaks_rate`,
    ).run(
      fileId,
      record.modelId,
      record.probs ? float32ToBlob(record.probs) : null,
      record.features ? float32ToBlob(record.features) : null,
      Buffer.from(record.peaks.buffer, record.peaks.byteOffset, record.peaks.byteLength),
      record.peaksRate,
    );
    stmt(db, 'DELETE FROM windows WHERE file_id = ?').run(fileId);
    const insertWindow = stmt(db, 'INSERT INTO windows (file_id, idx, start, end, probs) VALUES (?, ?, ?, ?, ?)');
    // One window is the clip itself: nothing to locate.
    if (record.windows.length > 1) {
      record.windows.forEach((window, idx) =>
        insertWindow.run(fileId, idx, window.start, window.end, float32ToBlob(window.probs)),
      );
    }
    if (record.extension) saveExtensionOutput(db, fileId, record.extension.key, record.extension.output);
    else deleteExtensionOutput(db, fileId);
    stmt(db, 'DELETE FROM auto_tags WHERE file_id = ?').run(fileId);
    const insertTag = stmt(db, 'INSERT OR REPLACE INTO auto_tags (file_id, source, label, score) VALUES (?, ?, ?, ?)');
    for (const tag of record.autoTags) insertTag.run(fileId, tag.source, tag.label, tag.score);
    stmt(
      db,
      `UPDATE files SET status = 'analysed', error = NULL, error_stage = NULL, analysis_key = ?, analysed_at = ?,
         duration = COALESCE(?, duration) WHERE id = ?`,
    ).run(record.analysisKey, Date.now(), record.duration, fileId);
  })();
}

/** Every analysed file's pooled vector of one kind ('probs' or 'features'), for whole-library scoring. */
export function loadMatrix(db: Db, column: 'probs' | 'features'): ProbabilityMatrix {
  const rows = db
    .prepare(`SELECT file_id, ${column} AS blob FROM analysis WHERE ${column} IS NOT NULL ORDER BY file_id`)
    .all() as { file_id: number; blob: Buffer }[];
  return toMatrix(rows);
}

/**
 * Every analysed file's pooled vector of one kind, one at a time in file id order, for a caller that lays them out
 * its own way (the label bridge's class-major matrix): loadMatrix holds every row's blob and a row-major copy at
 * once, which at 200k files came to three copies of the matrix. `values` is valid only during the call.
 */
export function eachVector(
  db: Db,
  column: 'probs' | 'features',
  visit: (fileId: number, values: Float32Array) => void,
): void {
  const rows = stmt(
    db,
    `SELECT file_id, ${column} AS blob FROM analysis WHERE ${column} IS NOT NULL ORDER BY file_id`,
  ).iterate() as IterableIterator<{ file_id: number; blob: Buffer }>;
  // `values` is read during the call only, so an aligned blob is viewed in place: no copy of every row.
  for (const { file_id: fileId, blob } of rows) {
    const aligned = blob.byteOffset % 4 === 0 && blob.byteLength % 4 === 0;
    visit(fileId, aligned ? new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4) : blobToFloat32(blob));
  }
}

/** loadMatrix for some files only (those whose analysis changed), in file id order. */
export function loadMatrixOf(db: Db, column: 'probs' | 'features', fileIds: readonly number[]): ProbabilityMatrix {
  const rows = stmt(
    db,
    `SELECT file_id, ${column} AS blob FROM analysis WHERE ${column} IS NOT NULL AND file_id IN (SELECT value FROM json_each(?)) ORDER BY file_id`,
  ).all(JSON.stringify(fileIds)) as { file_id: number; blob: Buffer }[];
  return toMatrix(rows);
}

export function loadVector(db: Db, fileId: number, column: 'probs' | 'features'): Float32Array | null {
  const row = stmt(db, `SELECT ${column} AS blob FROM analysis WHERE file_id = ?`).get(fileId) as
    { blob: Buffer | null } | undefined;
  return row?.blob ? blobToFloat32(row.blob) : null;
}

export function loadWindows(db: Db, fileId: number): { start: number; end: number; probs: Float32Array }[] {
  const rows = stmt(db, 'SELECT start, end, probs FROM windows WHERE file_id = ? ORDER BY idx').all(fileId) as {
    start: number;
    end: number;
    probs: Buffer;
  }[];
  return rows.map((row) => ({ start: row.start, end: row.end, probs: blobToFloat32(row.probs) }));
}

/** loadWindows for several files in one statement (a result page's best segments); files without windows map to []. */
export function loadWindowsOf(
  db: Db,
  fileIds: readonly number[],
): Map<number, { start: number; end: number; probs: Float32Array }[]> {
  const out = new Map<number, { start: number; end: number; probs: Float32Array }[]>(fileIds.map((id) => [id, []]));
  const rows = stmt(
    db,
    'SELECT file_id, start, end, probs FROM windows WHERE file_id IN (SELECT value FROM json_each(?)) ORDER BY file_id, idx',
  ).all(JSON.stringify(fileIds)) as { file_id: number; start: number; end: number; probs: Buffer }[];
  for (const row of rows)
    out.get(row.file_id)!.push({ start: row.start, end: row.end, probs: blobToFloat32(row.probs) });
  return out;
}

/** Every analysed file's pooled encoder features, for the "more like this" index. */
export function featureVectors(db: Db): VectorSource {
  return {
    versions: () => analysedFileVersions(db),
    load: (fileIds) => (fileIds === null ? loadMatrix(db, 'features') : loadMatrixOf(db, 'features', fileIds)),
  };
}

export function loadPeaks(db: Db, fileId: number): { peaks: Uint8Array; rate: number } | null {
  const row = stmt(db, 'SELECT peaks, peaks_rate FROM analysis WHERE file_id = ?').get(fileId) as
    { peaks: Buffer | null; peaks_rate: number } | undefined;
  return row?.peaks ? { peaks: new Uint8Array(row.peaks), rate: row.peaks_rate } : null;
}
