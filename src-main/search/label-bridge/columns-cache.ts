// The label bridge's class-major matrix on disk beside the library, so that a new process (every CLI search) reads
// it instead of rebuilding it from every analysed file's blob: at 200k files the rebuild took seconds and held three
// copies of the matrix at once. A query weights a handful of classes, so a new process reads only their columns,
// when first asked (at 200k files reading all 527 took ~0.5 s and 420 MB of every cold search); the column sums the
// priors need are stored with them. SQLite stays the truth: the file also holds the version (analysed_at) of every
// file it was made from and where the log of analysis changes stood, and the columns bring a loaded matrix up to
// date from the log (or the files table) exactly as they follow changes in a running process (columns.ts). Machine-local: typed arrays in the platform's byte order.

import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { VersionList } from '../../store/matrix';
import { columnSum, type ClassMajorProbs } from './class-major';

const MAGIC = 0x4d434248; // "HBCM"
const FORMAT = 4;
/** magic, format, numClasses, rows, liveFiles, held (uint32s); then logSeq (float64), so the float64 lists are aligned. */
const HEADER_BYTES = 32;

export interface ColumnsSnapshot {
  probs: ClassMajorProbs;
  /** File id of each row (probs.numFiles of them); -1 for a row whose file left. */
  fileIds: ArrayLike<number>;
  /** The version of every file the matrix follows (including files held as having no probabilities), by file id. */
  held: VersionList;
  /** The last entry of the log of analysis changes the matrix had applied (store/analysis-changes.ts); -1: unknown. */
  logSeq: number;
}

/** A snapshot read from the cache: its columns are read into `probs.data` only when asked for. */
export interface CachedColumns extends ColumnsSnapshot {
  /** Each class's column sum (columnSum), as written: the priors without reading the columns. */
  columnSums: Float64Array;
  /** Reads column `c` into probs.data; false when the file turned out shorter than its header said. */
  readColumn(c: number): boolean;
  /** Closes the file (after the last column, or when the matrix is dropped). */
  close(): void;
}

/** Writes the matrix's rows in use (not its headroom) under a temporary name, then renames it into place. */
export function writeColumnsCache(path: string, snapshot: ColumnsSnapshot): void {
  const { probs, fileIds, held } = snapshot;
  const rows = probs.numFiles;
  const header = new Uint32Array(HEADER_BYTES / 4);
  header.set([MAGIC, FORMAT, probs.numClasses, rows, probs.liveFiles, held.ids.length]);
  new Float64Array(header.buffer, 24, 1)[0] = snapshot.logSeq;
  const ids = Int32Array.from({ length: rows }, (_, row) => fileIds[row]!);
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    const write = (view: ArrayBufferView) => {
      const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      for (let done = 0; done < bytes.byteLength;) done += writeSync(fd, bytes, done);
    };
    write(header);
    write(held.ids);
    write(held.versions);
    write(ids);
    const sums = new Float64Array(probs.numClasses);
    for (let c = 0; c < probs.numClasses; c++) sums[c] = columnSum(probs.data, c * probs.stride, rows);
    write(sums);
    for (let c = 0; c < probs.numClasses; c++) write(probs.data.subarray(c * probs.stride, c * probs.stride + rows));
    // On disk before it takes the real name: a crash must leave the old cache or the new one, never a torn one.
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
}

/**
 * The snapshot a cache file holds, with room for `capacity(rows)` rows per class and none of its columns read yet;
 * null when the file is missing, of another format or class count, or not the size its header promises (cut
 * short, or foreign). The file stays open for readColumn: a newer cache renamed over it meanwhile leaves this one
 * readable, so the columns read later are of the same snapshot.
 */
export function readColumnsCache(
  path: string,
  numClasses: number,
  capacity: (rows: number) => number,
): CachedColumns | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  let snapshot: CachedColumns | null = null;
  try {
    const header = new Uint32Array(HEADER_BYTES / 4);
    if (!readExactly(fd, header, 0)) return null;
    const [magic, format, classes, rows, liveFiles, heldCount] = header;
    const logSeq = new Float64Array(header.buffer, 24, 1)[0]!;
    if (magic !== MAGIC || format !== FORMAT || classes !== numClasses) return null;
    if (rows === undefined || liveFiles === undefined || heldCount === undefined || liveFiles > rows) return null;
    const idsAt = HEADER_BYTES + heldCount * 16;
    const sumsAt = idsAt + rows * 4;
    const dataAt = sumsAt + numClasses * 8;
    if (fstatSync(fd).size !== dataAt + numClasses * rows * 4) return null;

    const held = { ids: new Float64Array(heldCount), versions: new Float64Array(heldCount) };
    const ids = new Int32Array(rows);
    const columnSums = new Float64Array(numClasses);
    if (!readExactly(fd, held.ids, HEADER_BYTES) || !readExactly(fd, held.versions, HEADER_BYTES + heldCount * 8))
      return null;
    if (!readExactly(fd, ids, idsAt) || !readExactly(fd, columnSums, sumsAt)) return null;
    // Zero-filled and untouched: the pages of a column take memory only once it is read (or written).
    const stride = Math.max(rows, capacity(rows));
    const data = new Float32Array(stride * numClasses);
    let open = true;
    snapshot = {
      probs: { numFiles: rows, liveFiles, numClasses, stride, data },
      fileIds: ids,
      held,
      logSeq: Number.isInteger(logSeq) ? logSeq : -1,
      columnSums,
      readColumn: (c) => open && readExactly(fd, data.subarray(c * stride, c * stride + rows), dataAt + c * rows * 4),
      close: () => {
        if (open) closeSync(fd);
        open = false;
      },
    };
    return snapshot;
  } finally {
    if (!snapshot) closeSync(fd);
  }
}

function readExactly(fd: number, view: ArrayBufferView, position: number): boolean {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let done = 0;
  while (done < bytes.byteLength) {
    const read = readSync(fd, bytes, done, bytes.byteLength - done, position + done);
    if (read === 0) return false;
    done += read;
  }
  return true;
}
