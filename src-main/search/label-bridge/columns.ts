// The label bridge's index: the library's tag probabilities, class-major, kept in step with the analysed files.

import { loadMatrix, loadMatrixOf } from '../../store/analysis';
import type { Db } from '../../store/database';
import { analysedFileVersions } from '../../store/files';
import { versionChanges } from '../../store/matrix';
import { toClassMajor, type ClassMajorProbs } from './class-major';

/** Room for this share more files than the library holds, so new files are appended without copying the matrix. */
const HEADROOM = 0.25;

/**
 * Every analysed file's tag probabilities, class-major (what the label bridge scores), kept in step with the
 * database file by file: new files are appended, re-analysed ones overwritten in place, files that left zeroed.
 * Reloading the whole matrix took 3-4 s at 100k files, and during an indexing run every search paid it; it is built
 * anew only when most of the library changed (which also drops the zeroed rows).
 */
export class BridgeColumns {
  probs: ClassMajorProbs | null = null;
  /** File id of each row; -1 for a row whose file left. */
  fileIds: number[] = [];
  readonly rowOf = new Map<number, number>();
  /** The analysed_at of each file whose probabilities the matrix holds (or that has none to hold). */
  private held = new Map<number, number>();
  readonly stats = { rebuilds: 0, updates: 0 };

  constructor(
    private readonly db: Db,
    private readonly numClasses: number,
  ) {}

  /** Brings the matrix up to date; true when it changed (the priors must then be recomputed). */
  sync(): boolean {
    const wanted = analysedFileVersions(this.db);
    const { fresh, gone } = versionChanges(this.held, wanted);
    if (fresh.length === 0 && gone.length === 0 && this.probs) return false;
    if (!this.probs || fresh.length + gone.length > wanted.size / 2) this.rebuild(wanted);
    else this.update(fresh, gone, wanted);
    return true;
  }

  private rebuild(wanted: Map<number, number>): void {
    this.stats.rebuilds++;
    const matrix = loadMatrix(this.db, 'probs');
    const usable = matrix.width === this.numClasses;
    const count = usable ? matrix.fileIds.length : 0;
    this.probs = toClassMajor(
      usable ? matrix.values : new Float32Array(0),
      this.numClasses,
      Math.ceil(count * (1 + HEADROOM)) + 64,
    );
    this.fileIds = usable ? Array.from(matrix.fileIds) : [];
    this.rowOf.clear();
    this.fileIds.forEach((fileId, row) => this.rowOf.set(fileId, row));
    this.held = new Map(wanted);
  }

  private update(fresh: number[], gone: number[], wanted: Map<number, number>): void {
    this.stats.updates++;
    const matrix = loadMatrixOf(this.db, 'probs', fresh);
    const loaded = new Set<number>();
    if (matrix.width === this.numClasses) {
      matrix.fileIds.forEach((fileId, i) => {
        loaded.add(fileId);
        const row = this.rowOf.get(fileId) ?? this.appendRow(fileId);
        const values = matrix.values.subarray(i * this.numClasses, (i + 1) * this.numClasses);
        const { data, stride } = this.probs!;
        for (let c = 0; c < this.numClasses; c++) data[c * stride + row] = values[c]!;
      });
    }
    // Re-analysed without probabilities (the model was removed) counts as gone too.
    for (const fileId of [...gone, ...fresh.filter((id) => !loaded.has(id))]) this.clearRow(fileId);
    for (const fileId of gone) this.held.delete(fileId);
    for (const fileId of fresh) this.held.set(fileId, wanted.get(fileId)!);
  }

  private appendRow(fileId: number): number {
    let probs = this.probs!;
    if (probs.numFiles === probs.stride)
      probs = this.probs = grow(probs, Math.ceil(probs.stride * (1 + HEADROOM)) + 64);
    const row = probs.numFiles++;
    probs.liveFiles++;
    this.fileIds[row] = fileId;
    this.rowOf.set(fileId, row);
    return row;
  }

  private clearRow(fileId: number): void {
    const row = this.rowOf.get(fileId);
    if (row === undefined) return;
    const { data, stride } = this.probs!;
    for (let c = 0; c < this.numClasses; c++) data[c * stride + row] = 0;
    this.probs!.liveFiles--;
    this.fileIds[row] = -1;
    this.rowOf.delete(fileId);
  }
}

/** The same matrix with room for `capacity` rows per class. */
function grow(probs: ClassMajorProbs, capacity: number): ClassMajorProbs {
  const data = new Float32Array(capacity * probs.numClasses);
  for (let c = 0; c < probs.numClasses; c++)
    data.set(probs.data.subarray(c * probs.stride, c * probs.stride + probs.numFiles), c * capacity);
  return { ...probs, stride: capacity, data };
}
