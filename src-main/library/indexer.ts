import { pruneAnalysisChanges } from '../store/analysis-changes';
import { EventEmitter } from 'node:events';
import type { IndexProgress } from '../api/contract';
import { errorMessage } from '../base/errors';
import { saveAnalysis, type AnalysisRecord } from '../store/analysis';
import type { Db } from '../store/database';
import { filesToAnalyse, markFailed } from '../store/files';
import { listRoots } from '../store/roots';
import type { FileAnalysis } from './analyse-file';
import { toAnalysisRecord } from './analysis-record';
import { AnalysisFailure, type AnalysisPool } from './analysis-pool';
import type { FailureStage } from './analysis-protocol';
import { catalogueRoot, type CatalogueStats, type Probe } from './catalogue';
import { ProgressMeter } from './progress';

export interface IndexerOptions {
  db: Db;
  probe: Probe;
  /** Made lazily: a catalogue-only run never starts encoder threads. */
  openPool: () => AnalysisPool;
  /** Identifies the analysis pipeline; files analysed under another key are analysed again. */
  analysisKey: string;
  modelId: string | null;
  /** Set when an analysis extension is installed (e.g. the trained heads): its per-file output is stored under this key. */
  extensionKey?: string | null;
  /**
   * The key for a file analysed without the extension's output although one is installed (it failed to open):
   * it differs from `analysisKey`, so such files are analysed again on a later run.
   */
  analysisKeyWithoutExtension?: string;
  /** Auto-tags for a file's probabilities (AudioSet labels and UCS categories), when the label bank is ready. */
  autoTags?: (probs: Float32Array) => { source: 'audioset' | 'ucs'; label: string; score: number }[];
  /** Set in a library that may have a shared catalogue (the app sets it; without, runs are local only). */
  seat?: IndexerSeat;
}

/**
 * What a seat of a shared catalogue adds to an index run: each root's pass goes through `catalogue` (which tells
 * the server what the pass saw), and once every root is catalogued, `copyResults` gives the files still without an
 * analysis the other seats' results, before any of them is analysed here; what is analysed here is offered to the
 * server as it is analysed, so that the other seats copy it too.
 */
export interface IndexerSeat {
  catalogue(root: { id: number; path: string }, pass: () => Promise<CatalogueStats>): Promise<CatalogueStats>;
  copyResults(): Promise<void>;
  /** A file this run analysed (stored here already): offered to the server, for a file it still owes a result. */
  analysed(fileId: number, record: AnalysisRecord): void;
  /** Waits until the results are offered (after the analysis pass). */
  shareResults(): Promise<void>;
}

export interface IndexRunResult {
  catalogue: CatalogueStats[];
  analysed: number;
  failed: number;
  cancelled: boolean;
}

/**
 * Runs the two passes: catalogue (every root, fast) then analysis (decode + encoders, in worker threads).
 * Each finished file is committed on its own, so a killed run resumes where it stopped. Emits 'progress'.
 */
export class Indexer extends EventEmitter {
  private readonly meter = new ProgressMeter();
  private paused = false;
  /** Files being analysed now: a pause lets them finish, and says "paused" only once none is left. */
  private inFlight = 0;
  private cancelled = false;
  private waiters: (() => void)[] = [];
  private running: Promise<IndexRunResult> | null = null;

  constructor(private readonly options: IndexerOptions) {
    super();
  }

  progress(): IndexProgress {
    const snapshot = this.meter.snapshot();
    if (!this.paused || !this.running) return snapshot;
    // The catalogue pass runs on through a pause (it is quick); analysis stops after the files in hand.
    return { ...snapshot, phase: this.inFlight > 0 || snapshot.phase === 'catalogue' ? 'pausing' : 'paused' };
  }

  isRunning(): boolean {
    return this.running !== null;
  }

  /** Starts a run, or joins the one already going. */
  run(analyse = true): Promise<IndexRunResult> {
    if (!this.running) {
      this.cancelled = false;
      this.paused = false;
      this.running = this.runOnce(analyse).finally(() => {
        this.running = null;
        this.emitProgress();
      });
    }
    return this.running;
  }

  pause(): void {
    this.paused = true;
    this.emitProgress();
  }

  resume(): void {
    if (this.paused) this.meter.restartRate();
    this.paused = false;
    for (const wake of this.waiters.splice(0)) wake();
    this.emitProgress();
  }

  cancel(): void {
    this.cancelled = true;
    this.resume();
  }

  private async runOnce(analyse: boolean): Promise<IndexRunResult> {
    const { db } = this.options;
    const result: IndexRunResult = { catalogue: [], analysed: 0, failed: 0, cancelled: false };
    const roots = listRoots(db);
    this.meter.start('catalogue', 0);
    for (const root of roots) {
      const pass = () =>
        catalogueRoot(db, root, {
          probe: this.options.probe,
          shouldStop: () => this.cancelled,
          onFile: (path) => {
            this.meter.setTotal(this.meter.snapshot().filesTotal + 1);
            this.meter.advance(false, path);
            this.emitProgress(false);
          },
        });
      const stats = this.options.seat ? await this.options.seat.catalogue(root, pass) : await pass();
      result.catalogue.push(stats);
      if (this.cancelled) break;
    }
    if (!this.cancelled) await this.options.seat?.copyResults();
    if (analyse && !this.cancelled) await this.analyseAll(result);
    await this.options.seat?.shareResults();
    // The log of analysis changes only needs its recent end (readers that fell further behind list versions).
    pruneAnalysisChanges(db);
    result.cancelled = this.cancelled;
    this.meter.phase = this.cancelled ? 'cancelled' : 'done';
    this.emit('library-changed');
    return result;
  }

  private async analyseAll(result: IndexRunResult): Promise<void> {
    const { db } = this.options;
    const todo = filesToAnalyse(db, this.options.analysisKey);
    this.meter.start('analysis', todo.length);
    this.emitProgress();
    if (todo.length === 0) return;
    const pool = this.options.openPool();
    try {
      let next = 0;
      // Two files in flight per thread keep every thread busy while the main thread writes results.
      const lanes = Array.from({ length: pool.size * 2 }, async () => {
        while (next < todo.length) {
          await this.waitWhilePaused();
          // Another lane may have taken the last file while this one waited.
          if (this.cancelled || next >= todo.length) return;
          const file = todo[next++]!;
          let analysis: FileAnalysis | null = null;
          let reason = '';
          let stage: FailureStage = 'analysis';
          this.inFlight++;
          try {
            analysis = await pool.analyse(file.path);
          } catch (error) {
            reason = errorMessage(error);
            if (error instanceof AnalysisFailure) stage = error.stage;
          } finally {
            this.inFlight--;
          }
          if (this.cancelled) return;
          if (analysis) {
            this.store(file.id, analysis);
            result.analysed++;
          } else {
            markFailed(db, file.id, stage, reason, this.options.analysisKey);
            result.failed++;
          }
          this.meter.advance(!analysis, file.path);
          // The last file in hand of a pause: say "paused" now, not at the next event.
          this.emitProgress(this.paused && this.inFlight === 0);
        }
      });
      await Promise.all(lanes);
    } finally {
      await pool.close();
    }
  }

  private store(fileId: number, analysis: FileAnalysis): void {
    const record = toAnalysisRecord(analysis, this.options);
    saveAnalysis(this.options.db, fileId, record);
    this.options.seat?.analysed(fileId, record);
  }

  private async waitWhilePaused(): Promise<void> {
    while (this.paused && !this.cancelled) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private lastEmit = 0;
  private emitProgress(force = true): void {
    const now = Date.now();
    // Progress events at most ten times a second: a catalogue pass can see thousands of files a second.
    if (!force && now - this.lastEmit < 100) return;
    this.lastEmit = now;
    this.emit('progress', this.progress());
  }
}
