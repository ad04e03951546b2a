import { float32ToBlob } from './blobs';
import type { Db } from './database';
import { analysedFileVersions } from './files';
import { toMatrix, type VectorSource } from './matrix';
import { stmt } from './statements';

// What an analysis extension (src-main/ml/analysis-extension.ts, e.g. the trained heads) computed for a file: a
// vector the search shortlists by and bytes only the extension reads, under the key of what made them.

/** One file's output (the same shape as ml/analysis-extension.ts ExtensionOutput). */
export interface ExtensionOutputRecord {
  vector: Float32Array;
  data: Uint8Array;
}

/** Some files' outputs in the order asked (ml/analysis-extension.ts StoredOutputs). */
export interface ExtensionOutputRows {
  fileIds: number[];
  /** fileIds.length x the vector width. */
  vectors: Float32Array;
  data: Uint8Array[];
}

export function saveExtensionOutput(db: Db, fileId: number, key: string, output: ExtensionOutputRecord): void {
  stmt(db, 'INSERT OR REPLACE INTO extension_outputs (file_id, extension_key, vector, data) VALUES (?, ?, ?, ?)').run(
    fileId,
    key,
    float32ToBlob(output.vector),
    Buffer.from(output.data.buffer, output.data.byteOffset, output.data.byteLength),
  );
}

export function deleteExtensionOutput(db: Db, fileId: number): void {
  stmt(db, 'DELETE FROM extension_outputs WHERE file_id = ?').run(fileId);
}

/** The files' vectors made under `key`, for the extension's ANN index. */
export function extensionVectors(db: Db, key: string): VectorSource {
  return {
    versions: () => analysedFileVersions(db),
    load: (fileIds) =>
      toMatrix(
        (fileIds === null
          ? stmt(
              db,
              'SELECT file_id, vector AS blob FROM extension_outputs WHERE extension_key = ? ORDER BY file_id',
            ).all(key)
          : stmt(
              db,
              'SELECT file_id, vector AS blob FROM extension_outputs WHERE extension_key = ? AND file_id IN (SELECT value FROM json_each(?)) ORDER BY file_id',
            ).all(key, JSON.stringify(fileIds))) as { file_id: number; blob: Buffer }[],
      ),
  };
}

/** The outputs of a few files (a query's shortlist), in the order asked; files without one under `key` are left out. */
export function loadExtensionOutputs(db: Db, key: string, fileIds: readonly number[]): ExtensionOutputRows {
  // One statement for the whole shortlist: a statement per file cost ~50 ms for 300 files.
  const rows = stmt(
    db,
    'SELECT file_id, vector, data FROM extension_outputs WHERE file_id IN (SELECT value FROM json_each(?)) AND extension_key = ?',
  ).all(JSON.stringify(fileIds), key) as { file_id: number; vector: Buffer; data: Buffer }[];
  const byFile = new Map(rows.map((row) => [row.file_id, row]));
  const found = fileIds.filter((fileId) => byFile.has(fileId));
  const width = found.length ? byFile.get(found[0]!)!.vector.byteLength : 0;
  // Straight from SQLite's buffers into one packed array; the data stay SQLite's buffers, read once by the extension.
  const vectors = new Float32Array((found.length * width) / 4);
  const bytes = new Uint8Array(vectors.buffer);
  found.forEach((fileId, i) => bytes.set(byFile.get(fileId)!.vector, i * width));
  return { fileIds: found, vectors, data: found.map((fileId) => byFile.get(fileId)!.data) };
}
