import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Index, MetricKind, ScalarKind } from 'usearch';
import type { Db } from './database';
import type { ProbabilityMatrix } from './matrix';
import { AnalysisStamp } from './analysis-stamp';

export interface VectorHit {
  fileId: number;
  distance: number;
}

/**
 * Nearest-neighbour search over one kind of pooled vector. SQLite holds the truth; the usearch index file next to
 * the database is a cache, rebuilt when missing or when the analysed files changed since it was written.
 */
export class VectorIndex {
  private index: Index | null = null;
  private stamp = '';
  private readonly stamps: AnalysisStamp;

  constructor(
    private readonly db: Db,
    /** The vectors to index, keyed by file id (e.g. every file's pooled encoder features). */
    private readonly load: () => ProbabilityMatrix,
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
    const stamp = this.currentStamp();
    if (this.index && stamp === this.stamp) return this.index;
    if (this.cachePath && existsSync(this.cachePath) && existsSync(this.cachePath + '.stamp')) {
      const [savedStamp, savedWidth] = readFileSync(this.cachePath + '.stamp', 'utf8').split('\n');
      if (savedStamp === `${stamp}|${this.quantization}` && Number(savedWidth) > 0) {
        const index = this.newIndex(Number(savedWidth));
        index.load(this.cachePath);
        this.index = index;
        this.stamp = stamp;
        return index;
      }
    }
    return this.rebuild(stamp);
  }

  private rebuild(stamp: string): Index | null {
    const matrix = this.load();
    if (matrix.fileIds.length === 0) {
      this.index = null;
      this.stamp = stamp;
      return null;
    }
    const index = this.newIndex(matrix.width);
    const keys = BigUint64Array.from(matrix.fileIds, (id) => BigInt(id));
    index.add(keys, matrix.values);
    if (this.cachePath) {
      try {
        index.save(this.cachePath);
        writeFileSync(this.cachePath + '.stamp', `${stamp}|${this.quantization}\n${matrix.width}`);
      } catch {
        rmSync(this.cachePath, { force: true }); // a cache we cannot write is just not cached
      }
    }
    this.index = index;
    this.stamp = stamp;
    return index;
  }

  private newIndex(width: number): Index {
    return new Index(width, MetricKind.Cos, this.quantization === 'i8' ? ScalarKind.I8 : ScalarKind.F32);
  }

  private currentStamp(): string {
    return this.stamps.current();
  }

}
