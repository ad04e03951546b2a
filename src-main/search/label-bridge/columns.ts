// The label bridge's index: the library's tag probabilities, class-major, kept in step with the analysed files.

import { rmSync } from 'node:fs';
import { eachVector, loadMatrixOf } from '../../store/analysis';
import { analysisChangeSeq, analysisChangesSince, changesAgainst } from '../../store/analysis-changes';
import type { Db } from '../../store/database';
import { analysedFileVersionList, analysedFileVersions } from '../../store/files';
import { sameVersions, versionChanges, versionListOf, versionMapOf, type VersionList } from '../../store/matrix';
import { allClasses, columnSum, type ClassMajorProbs } from './class-major';
import { readColumnsCache, writeColumnsCache, type CachedColumns } from './columns-cache';
import { RowIndex } from './row-index';

/** More changed files than this since the last sync: the versions of all files are compared instead. */
const MAX_LOGGED_CHANGES = 5_000;

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
  readonly rowOf = new RowIndex();
  /** The analysed_at of each file whose probabilities the matrix holds (or that has none to hold). */
  private held = new Map<number, number>();
  /** The versions a matrix just read from the cache holds, until the first change makes them `held`. */
  private savedVersions: VersionList | null = null;
  readonly stats = { rebuilds: 0, updates: 0 };
  /** Syncs answered from the log of analysis changes, without listing every file's version. */
  logCatchUps = 0;
  /** The cache file beside the database (columns-cache.ts): matrices read from it, and written to it. */
  readonly cacheStats = { loads: 0, saves: 0 };
  /**
   * Each class's column sum over the live rows (what the priors are made of), kept in step with every change so
   * that a few new files do not cost a pass over the whole matrix; read from the cache with it.
   */
  columnSums: Float64Array | null = null;
  /** The cache a matrix was loaded from, while some of its columns are still to be read from it. */
  private unread: { cache: CachedColumns; read: Uint8Array; left: number } | null = null;
  private changesSinceSave = 0;
  /** The last entry of the log of analysis changes the matrix has applied; null before the first sync. */
  private logSeq: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly numClasses: number,
    /** Where the matrix is kept between processes; null: built from the database in every process. */
    private readonly cachePath: string | null = null,
  ) {}

  /** Brings the matrix up to date; true when it changed (the priors must then be recomputed). */
  sync(): boolean {
    const loaded = !this.probs && this.loadCache();
    const caughtUp = this.catchUpFromLog();
    if (caughtUp !== null) return caughtUp || loaded;
    // Read before the versions: a change written in between is then read again next time, which is harmless.
    // Set first, so that a cache written by this sync records it (never a position later than what it holds).
    this.logSeq = analysisChangeSeq(this.db);
    return this.syncFromVersions(loaded);
  }

  /**
   * Applies what the log of analysis changes lists since the last sync: true when the matrix changed, false when
   * nothing did, null when the log cannot say (no sync yet, entries pruned, too many changes): then every file's
   * version is compared instead.
   */
  private catchUpFromLog(): boolean | null {
    if (this.logSeq === null || !this.probs) return null;
    const changes = analysisChangesSince(this.db, this.logSeq, MAX_LOGGED_CHANGES);
    if (!changes) return null;
    this.logCatchUps++;
    if (changes.files.size === 0) return false;
    const held = this.heldVersions();
    const { fresh, gone, versions } = changesAgainst(changes, held);
    if (fresh.length + gone.length > held.size / 2) return null; // a rebuild: from the versions
    this.logSeq = changes.seq;
    if (fresh.length === 0 && gone.length === 0) return false;
    this.requireColumnsToChange(fresh, gone);
    this.update(fresh, gone, versions);
    return true;
  }

  /** The versions the matrix holds, as a map (one made from a cache's list at the first change). */
  private heldVersions(): Map<number, number> {
    if (this.savedVersions) {
      this.held = versionMapOf(this.savedVersions);
      this.savedVersions = null;
    }
    return this.held;
  }

  private syncFromVersions(loaded: boolean): boolean {
    if (this.savedVersions) {
      // Most starts find the cache as the last process left it: checked without a map of every file.
      if (sameVersions(this.savedVersions, analysedFileVersionList(this.db))) return loaded;
      this.heldVersions();
    }
    const wanted = analysedFileVersions(this.db);
    const { fresh, gone } = versionChanges(this.held, wanted);
    if (fresh.length === 0 && gone.length === 0 && this.probs) return loaded;
    if (!this.probs || fresh.length + gone.length > wanted.size / 2) this.rebuild(wanted);
    else {
      this.requireColumnsToChange(fresh, gone);
      this.update(fresh, gone, wanted);
    }
    return true;
  }

  /**
   * sync(), then the cache file written if it lags behind what sync() applied: what an index run leaves behind, so
   * that the next process's first search reads the matrix instead of patching or rebuilding it.
   */
  persist(): void {
    this.sync();
    this.saveIfBehind();
  }

  /** Writes the cache file if it lags behind the matrix held (for a caller that has just synced). */
  saveIfBehind(): void {
    if (this.changesSinceSave > 0) this.saveCache();
  }

  /** How many classes' columns of a matrix loaded from the cache are still on disk only (0: held whole). */
  unreadColumns(): number {
    return this.unread?.left ?? 0;
  }

  /**
   * Changing a row the cache holds touches every column (its old values leave the sums), so the matrix is read whole
   * first. New files only append rows past the cache's, which a column read later leaves alone, and their old values
   * are zeros: a cold process's first search after a few new files then reads the columns it needs (750 ms at 1M
   * files the other way), unless the rows need more room than the matrix has (growing moves every column).
   */
  private requireColumnsToChange(fresh: readonly number[], gone: readonly number[]): void {
    const probs = this.probs!;
    const appending = gone.length === 0 && fresh.every((fileId) => this.rowOf.get(fileId) === undefined);
    if (appending && probs.numFiles + fresh.length <= probs.stride) return;
    this.requireColumns(allClasses(probs));
  }

  /** Reads the columns of `classes` a matrix loaded from the cache does not hold yet (probs.require). */
  private requireColumns(classes: readonly number[]): void {
    const unread = this.unread;
    if (!unread) return;
    for (const c of classes) {
      if (unread.read[c]) continue;
      if (!unread.cache.readColumn(c)) {
        // Hark replaces its cache by renaming, never in place: only a foreign hand can have cut it short.
        this.dropUnread();
        throw new Error(
          `The label bridge's cache ${this.cachePath} was cut short while in use; delete it to rebuild it.`,
        );
      }
      unread.read[c] = 1;
      unread.left--;
    }
    if (unread.left === 0) this.dropUnread();
  }

  private dropUnread(): void {
    this.unread?.cache.close();
    this.unread = null;
    if (this.probs) {
      delete this.probs.require;
      delete this.probs.readRows;
    }
  }

  /**
   * The probabilities of the files at these rows, from the database (the rows the matrix was made from: sync()
   * checked their versions), row-major; zeros for a row whose file left or lost its probabilities since.
   */
  private readRows(rows: readonly number[]): Float32Array {
    const out = new Float32Array(rows.length * this.numClasses);
    const matrix = loadMatrixOf(
      this.db,
      'probs',
      rows.map((row) => this.fileIds[row]!),
    );
    if (matrix.width !== this.numClasses) return out;
    const at = new Map(Array.from(matrix.fileIds, (fileId, i) => [fileId, i]));
    rows.forEach((row, i) => {
      const from = at.get(this.fileIds[row]!);
      if (from !== undefined)
        out.set(matrix.values.subarray(from * this.numClasses, (from + 1) * this.numClasses), i * this.numClasses);
    });
    return out;
  }

  /** The matrix an earlier process saved, as it was then: sync() then applies what changed since. */
  private loadCache(): boolean {
    if (!this.cachePath) return false;
    const snapshot = readColumnsCache(this.cachePath, this.numClasses, (rows) => withHeadroom(rows));
    if (!snapshot) return false;
    // A row for a file the versions do not list, or listed twice, is a damaged file: the database decides.
    if (!rowsMatchVersions(snapshot.fileIds, snapshot.probs.liveFiles, snapshot.held)) {
      snapshot.close();
      return false;
    }
    this.dropUnread();
    this.probs = snapshot.probs;
    this.unread = { cache: snapshot, read: new Uint8Array(this.numClasses), left: this.numClasses };
    this.probs.require = (classes) => this.requireColumns(classes);
    this.probs.readRows = (rows) => this.readRows(rows);
    this.columnSums = snapshot.columnSums;
    this.fileIds = Array.from(snapshot.fileIds);
    this.rowOf.fill(snapshot.fileIds);
    this.held = new Map();
    this.savedVersions = snapshot.held;
    // Where the log of analysis changes stood when it was written: the next sync reads only the entries after it,
    // instead of the version of every file (~0.3 s at 1M files). Unknown (-1): the versions are compared.
    this.logSeq = snapshot.logSeq >= 0 ? snapshot.logSeq : null;
    this.cacheStats.loads++;
    return true;
  }

  private saveCache(): void {
    this.changesSinceSave = 0;
    if (!this.cachePath || !this.probs) return;
    // Every column is written: those still on disk only are read first (new rows may sit below them).
    this.requireColumns(allClasses(this.probs));
    try {
      const held = this.savedVersions ?? versionListOf(this.held);
      writeColumnsCache(this.cachePath, { probs: this.probs, fileIds: this.fileIds, held, logSeq: this.logSeq ?? -1 });
      this.cacheStats.saves++;
    } catch {
      rmSync(this.cachePath, { force: true }); // a cache we cannot write is just not cached
    }
  }

  private rebuild(wanted: Map<number, number>): void {
    this.stats.rebuilds++;
    this.dropUnread();
    const sums = (this.columnSums = new Float64Array(this.numClasses));
    const numClasses = this.numClasses;
    // Row by row straight into the class-major layout, sized for the analysed files (it grows if more have rows).
    const stride = withHeadroom(wanted.size);
    this.probs = { numFiles: 0, liveFiles: 0, numClasses, stride, data: new Float32Array(stride * numClasses) };
    this.fileIds = [];
    this.rowOf.clear();
    eachVector(this.db, 'probs', (fileId, values) => {
      if (values.length !== numClasses) return; // another model's probabilities: this file is held as having none
      const row = this.appendRow(fileId);
      const { data, stride } = this.probs!;
      for (let c = 0; c < numClasses; c++) {
        data[c * stride + row] = values[c]!;
        sums[c]! += values[c]!;
      }
    });
    this.held = new Map(wanted);
    this.saveCache();
  }

  private update(fresh: number[], gone: number[], wanted: Map<number, number>): void {
    this.stats.updates++;
    const sums = (this.columnSums ??= this.sumColumns());
    const matrix = loadMatrixOf(this.db, 'probs', fresh);
    const loaded = new Set<number>();
    if (matrix.width === this.numClasses) {
      matrix.fileIds.forEach((fileId, i) => {
        loaded.add(fileId);
        const row = this.rowOf.get(fileId) ?? this.appendRow(fileId);
        const values = matrix.values.subarray(i * this.numClasses, (i + 1) * this.numClasses);
        const { data, stride } = this.probs!;
        for (let c = 0; c < this.numClasses; c++) {
          // A re-analysed row's old values leave the sums as its new ones enter (a new row held zeros).
          sums[c]! += values[c]! - data[c * stride + row]!;
          data[c * stride + row] = values[c]!;
        }
      });
    }
    // Re-analysed without probabilities (the model was removed) counts as gone too.
    for (const fileId of [...gone, ...fresh.filter((id) => !loaded.has(id))]) this.clearRow(fileId);
    for (const fileId of gone) this.held.delete(fileId);
    for (const fileId of fresh) this.held.set(fileId, wanted.get(fileId)!);
    // The file catches up now and then, not on every small change (saving writes the whole matrix): a process that
    // loads a slightly older one only reads the files analysed since.
    this.changesSinceSave += fresh.length + gone.length;
    if (this.changesSinceSave > Math.max(1000, this.held.size / 20)) this.saveCache();
  }

  /** The sums taken afresh (a matrix whose sums were never taken: built before they were kept). */
  private sumColumns(): Float64Array {
    const { data, stride, numFiles } = this.probs!;
    const sums = new Float64Array(this.numClasses);
    for (let c = 0; c < this.numClasses; c++) sums[c] = columnSum(data, c * stride, numFiles);
    return sums;
  }

  private appendRow(fileId: number): number {
    let probs = this.probs!;
    if (probs.numFiles === probs.stride) probs = this.probs = grow(probs, withHeadroom(probs.stride));
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
    for (let c = 0; c < this.numClasses; c++) {
      if (this.columnSums) this.columnSums[c]! -= data[c * stride + row]!;
      data[c * stride + row] = 0;
    }
    this.probs!.liveFiles--;
    this.fileIds[row] = -1;
    this.rowOf.delete(fileId);
  }
}

/**
 * Whether the rows that hold a file (id >= 0) are `liveFiles` different files, each of them listed in `held`: one
 * sorted pass over both lists (at 200k files a map of the rows and a search of the list per row took ~0.2 s).
 */
export function rowsMatchVersions(fileIds: ArrayLike<number>, liveFiles: number, held: VersionList): boolean {
  const live = Int32Array.from(fileIds).filter((fileId) => fileId >= 0);
  // Rows are appended in file id order, so the list is nearly always sorted already (sorting 1M ids took ~80 ms).
  let sorted = true;
  for (let i = 1; i < live.length && sorted; i++) sorted = live[i - 1]! <= live[i]!;
  if (!sorted) live.sort();
  if (live.length !== liveFiles) return false;
  let at = 0;
  for (let i = 0; i < live.length; i++) {
    const fileId = live[i]!;
    if (i > 0 && fileId === live[i - 1]) return false;
    while (at < held.ids.length && held.ids[at]! < fileId) at++;
    if (held.ids[at] !== fileId) return false;
  }
  return true;
}

const withHeadroom = (rows: number) => Math.ceil(rows * (1 + HEADROOM)) + 64;

/** The same matrix with room for `capacity` rows per class. */
function grow(probs: ClassMajorProbs, capacity: number): ClassMajorProbs {
  const data = new Float32Array(capacity * probs.numClasses);
  for (let c = 0; c < probs.numClasses; c++)
    data.set(probs.data.subarray(c * probs.stride, c * probs.stride + probs.numFiles), c * capacity);
  return { ...probs, stride: capacity, data };
}
