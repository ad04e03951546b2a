import { blobToFloat32, float32ToBlob } from './blobs';
import { analysedFileVersions } from './files';
import { toMatrix, type VectorSource } from './matrix';
import type { Db } from './database';
import { stmt } from './statements';

/** One file as the trained heads see it (ml/heads/heads.ts EncodedAudio, count 1). */
export interface HeadsCodes {
  /** The pooled joint embedding (512): what the heads' ANN index holds. */
  ea: Float32Array;
  /** Per-level codes (6 x 256), for THA and DCR/CA scoring. */
  za: Float32Array;
  /** AudioSet probabilities, max over windows (527), for the heads' bridge anchor. */
  probs: Float32Array;
}

export function saveHeadsCodes(db: Db, fileId: number, modelId: string, codes: HeadsCodes): void {
  stmt(db, 'INSERT OR REPLACE INTO heads_codes (file_id, model_id, ea, za, probs) VALUES (?, ?, ?, ?, ?)').run(
    fileId,
    modelId,
    float32ToBlob(codes.ea),
    float32ToBlob(codes.za),
    float32ToBlob(codes.probs),
  );
}

/** The files' joint embeddings made by `modelId`, for the heads' ANN index. */
export function jointEmbeddings(db: Db, modelId: string): VectorSource {
  return {
    versions: () => analysedFileVersions(db),
    load: (fileIds) =>
      toMatrix(
        (fileIds === null
          ? stmt(db, 'SELECT file_id, ea AS blob FROM heads_codes WHERE model_id = ? ORDER BY file_id').all(modelId)
          : stmt(db, 'SELECT file_id, ea AS blob FROM heads_codes WHERE model_id = ? AND file_id IN (SELECT value FROM json_each(?)) ORDER BY file_id').all(
              modelId,
              JSON.stringify(fileIds),
            )) as { file_id: number; blob: Buffer }[],
      ),
  };
}

/** The codes of a few files packed row after row (what the heads' scorer reads), and which files they are. */
export interface PackedHeadsCodes extends HeadsCodes {
  fileIds: number[];
  count: number;
}

/** The codes of a few files (a query's shortlist), in the order asked; files without codes by `modelId` are left out. */
export function loadHeadsCodes(db: Db, modelId: string, fileIds: number[]): PackedHeadsCodes {
  // One statement for the whole shortlist: a statement per file cost ~50 ms for 300 files.
  const rows = stmt(
    db,
    'SELECT file_id, ea, za, probs FROM heads_codes WHERE file_id IN (SELECT value FROM json_each(?)) AND model_id = ?',
  ).all(JSON.stringify(fileIds), modelId) as { file_id: number; ea: Buffer; za: Buffer; probs: Buffer }[];
  const byFile = new Map(rows.map((row) => [row.file_id, row]));
  const found = fileIds.filter((fileId) => byFile.has(fileId));
  const first = byFile.get(found[0]!);
  // Straight from SQLite's buffers into the packed arrays: one copy (a Float32Array per row first cost ~1.5 ms a query at 100k).
  const pack = (column: 'ea' | 'za' | 'probs') => {
    const width = first ? first[column].byteLength : 0;
    const out = new Float32Array((found.length * width) / 4);
    const bytes = new Uint8Array(out.buffer);
    found.forEach((fileId, i) => bytes.set(byFile.get(fileId)![column], i * width));
    return out;
  };
  return { fileIds: found, count: found.length, ea: pack('ea'), za: pack('za'), probs: pack('probs') };
}
