import { blobToFloat32 } from './blobs';

export interface ProbabilityMatrix {
  fileIds: Int32Array;
  /** Row-major, fileIds.length x width. */
  values: Float32Array;
  width: number;
}

/** Rows of (file id, float32 blob) of equal width -> one row-major matrix. */
export function toMatrix(rows: { file_id: number; blob: Buffer }[]): ProbabilityMatrix {
  const width = rows.length ? rows[0]!.blob.byteLength / 4 : 0;
  const values = new Float32Array(rows.length * width);
  const fileIds = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    fileIds[i] = row.file_id;
    values.set(blobToFloat32(row.blob), i * width);
  });
  return { fileIds, values, width };
}

/** Vectors as the database has them, for an index that keeps up with changes (store/vector-index.ts). */
export interface VectorSource {
  /**
   * Every file that may have a vector, with a version that changes whenever its vector does (its analysed_at). A
   * file listed without a vector (e.g. analysed before the model was installed) is simply absent from `load`.
   */
  versions(): Map<number, number>;
  /** The vectors of `fileIds`; null: of every file. */
  load(fileIds: readonly number[] | null): ProbabilityMatrix;
}

/**
 * What changed between the versions a cache holds and the database's: `fresh` files are new or re-analysed,
 * `gone` ones left (or lost their analysis).
 */
export function versionChanges(
  held: ReadonlyMap<number, number>,
  wanted: ReadonlyMap<number, number>,
): { fresh: number[]; gone: number[] } {
  const fresh: number[] = [];
  const gone: number[] = [];
  for (const [fileId, version] of wanted) if (held.get(fileId) !== version) fresh.push(fileId);
  for (const fileId of held.keys()) if (!wanted.has(fileId)) gone.push(fileId);
  return { fresh, gone };
}

/** File ids with their versions, in file id order: what a cache saves, compared without building maps. */
export interface VersionList {
  ids: Float64Array;
  versions: Float64Array;
}

export function versionListOf(versions: ReadonlyMap<number, number>): VersionList {
  const ids = Float64Array.from(versions.keys()).sort();
  return { ids, versions: ids.map((id) => versions.get(id)!) };
}

export function versionMapOf(list: VersionList): Map<number, number> {
  const map = new Map<number, number>();
  list.ids.forEach((id, i) => map.set(id, list.versions[i]!));
  return map;
}

export function sameVersions(a: VersionList, b: VersionList): boolean {
  if (a.ids.length !== b.ids.length) return false;
  for (let i = 0; i < a.ids.length; i++) if (a.ids[i] !== b.ids[i] || a.versions[i] !== b.versions[i]) return false;
  return true;
}
