import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Index, MetricKind, ScalarKind } from 'usearch';
import type { Db } from './database';
import { versionChanges, type VectorSource } from './matrix';
import { AnalysisStamp } from './analysis-stamp';
import { analysisChangeSeq, analysisChangesSince, changesAgainst } from './analysis-changes';

export interface VectorHit {
  fileId: number;
  distance: number;
}

/** What happened to the index so far (for `hark info`-style diagnostics and tests). */
export interface VectorIndexStats {
  rebuilds: number;
  /** Incremental passes: files added, re-added or removed without touching the rest. */
  updates: number;
  loadsFromDisk: number;
}

const FORMAT = 'v2';
/** More changed files than this since the last catch-up: every file's version is compared instead. */
const MAX_LOGGED_CHANGES = 5_000;

/**
 * Nearest-neighbour search over one kind of pooled vector. SQLite holds the truth; the usearch index file next to
 * the database is a cache. When analyses change, only the files whose vector is new, changed or gone are
 * re-indexed: a full HNSW build at 100k files took 41 s (joint embeddings, i8) to 91 s (features, f32) on 2 cores,
 * and every search during an indexing run would otherwise pay it. The index is built anew only when most of it
 * changed.
 */
export class VectorIndex {
  private index: Index | null = null;
  private width = 0;
  /** The version of each file's vector the index holds. */
  private held = new Map<number, number>();
  private stamp = '';
  private changesSinceSave = 0;
  /** The last entry of the log of analysis changes the index has applied; null until the versions were compared. */
  private logSeq: number | null = null;
  private readonly stamps: AnalysisStamp;
  readonly stats: VectorIndexStats = { rebuilds: 0, updates: 0, loadsFromDisk: 0 };
  /** Catch-ups answered from the log of analysis changes, without listing every file's version. */
  logCatchUps = 0;

  constructor(
    private readonly db: Db,
    private readonly source: VectorSource,
    private readonly cachePath: string | null,
    /** How the index stores vectors: 'i8' quarters memory and distance cost for a slightly coarser shortlist. */
    private readonly quantization: 'f32' | 'i8' = 'f32',
  ) {
    this.stamps = new AnalysisStamp(db);
  }

  search(vector: Float32Array, limit: number): VectorHit[] {
    const index = this.ready();
    if (!index || index.size() === 0) return [];
    const matches = index.search(vector, Math.min(limit, index.size()), 0);
    return Array.from(matches.keys, (key, i) => ({ fileId: Number(key), distance: matches.distances[i]! }));
  }

  /** Ensures the in-memory index matches the database; cheap when nothing changed. */
  private ready(): Index | null {
    const stamp = this.stamps.current();
    if (stamp === this.stamp) return this.index;
    if (!this.index) this.loadCache();
    if (this.catchUpFromLog()) {
      this.stamp = stamp;
      return this.index;
    }
    // Read before the versions: a change written in between is then read again next time, which is harmless.
    const seq = analysisChangeSeq(this.db);
    const wanted = this.source.versions();
    const { fresh, gone } = versionChanges(this.held, wanted);
    // A re-analysed file's old vector goes before its new one comes in.
    const stale = [...gone, ...fresh.filter((fileId) => this.held.has(fileId))];
    if (!this.index || gone.length + fresh.length > wanted.size / 2) this.rebuild(wanted);
    else if (gone.length + fresh.length > 0) this.update(stale, fresh, wanted);
    this.logSeq = seq;
    this.stamp = stamp;
    return this.index;
  }

  /**
   * Applies what the log of analysis changes lists since the last catch-up (a few files: no list of every file's
   * version); false when the log cannot say (entries pruned, too many changes) and the versions must decide.
   */
  private catchUpFromLog(): boolean {
    if (this.logSeq === null || !this.index) return false;
    const changes = analysisChangesSince(this.db, this.logSeq, MAX_LOGGED_CHANGES);
    if (!changes) return false;
    const { fresh, gone, versions } = changesAgainst(changes, this.held);
    if (fresh.length + gone.length > this.held.size / 2) return false; // a rebuild: from the versions
    this.logSeq = changes.seq;
    this.logCatchUps++;
    const stale = [...gone, ...fresh.filter((fileId) => this.held.has(fileId))];
    if (gone.length + fresh.length > 0) this.update(stale, fresh, versions);
    return true;
  }

  private update(gone: number[], fresh: number[], wanted: Map<number, number>): void {
    const index = this.index!;
    if (gone.length) index.remove(BigUint64Array.from(gone, (id) => BigInt(id)));
    for (const fileId of gone) this.held.delete(fileId);
    const matrix = this.source.load(fresh);
    if (matrix.fileIds.length) {
      // Another model's vectors: start over, from every file's version (`wanted` may list only the changed ones).
      if (matrix.width !== this.width) return this.rebuild(this.source.versions());
      index.add(
        BigUint64Array.from(matrix.fileIds, (id) => BigInt(id)),
        matrix.values,
      );
    }
    // Files listed without a vector are held too (as having none), so they are not asked for again and again.
    for (const fileId of fresh) this.held.set(fileId, wanted.get(fileId)!);
    this.stats.updates++;
    // The cache on disk catches up now and then, not on every small change (saving writes the whole index).
    this.changesSinceSave += gone.length + fresh.length;
    if (this.changesSinceSave > Math.max(1000, this.held.size / 100)) this.save();
  }

  private rebuild(wanted: Map<number, number>): void {
    const matrix = this.source.load(null);
    this.stats.rebuilds++;
    this.held = new Map(wanted);
    if (matrix.fileIds.length === 0) {
      this.index = null; // nothing to search yet; the next change builds it
      this.held = new Map();
      return;
    }
    this.width = matrix.width;
    this.index = this.newIndex(matrix.width);
    this.index.add(
      BigUint64Array.from(matrix.fileIds, (id) => BigInt(id)),
      matrix.values,
    );
    this.save();
  }

  /** The index another process (or an earlier run) saved, with the versions it holds; nothing if absent or foreign. */
  private loadCache(): void {
    const path = this.cachePath;
    if (!path || !existsSync(path) || !existsSync(`${path}.stamp`) || !existsSync(`${path}.versions`)) return;
    try {
      const [format, width] = readFileSync(`${path}.stamp`, 'utf8').split('\n');
      if (format !== `${FORMAT}|${this.quantization}` || !(Number(width) > 0)) return;
      const bytes = readFileSync(`${path}.versions`);
      const pairs = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      const index = this.newIndex(Number(width));
      index.load(path);
      this.index = index;
      this.width = Number(width);
      this.held = new Map();
      for (let i = 0; i + 1 < pairs.length; i += 2) this.held.set(pairs[i]!, pairs[i + 1]!);
      this.stats.loadsFromDisk++;
    } catch {
      this.index = null; // a damaged cache is rebuilt from the database
      this.held = new Map();
    }
  }

  private save(): void {
    const path = this.cachePath;
    this.changesSinceSave = 0;
    if (!path) return;
    try {
      // The stamp goes first and comes back last: a save cut short leaves a cache that is ignored, not one whose
      // versions disagree with its vectors.
      rmSync(`${path}.stamp`, { force: true });
      if (!this.index) return;
      this.index.save(path);
      const pairs = new Float64Array(this.held.size * 2);
      let i = 0;
      for (const [fileId, version] of this.held) {
        pairs[i++] = fileId;
        pairs[i++] = version;
      }
      writeFileSync(`${path}.versions`, new Uint8Array(pairs.buffer));
      writeFileSync(`${path}.stamp`, `${FORMAT}|${this.quantization}\n${this.width}`);
    } catch {
      rmSync(`${path}.stamp`, { force: true }); // a cache we cannot write is just not cached
    }
  }

  private newIndex(width: number): Index {
    return new Index(width, MetricKind.Cos, this.quantization === 'i8' ? ScalarKind.I8 : ScalarKind.F32);
  }
}
