import type { SharedAnalysisSummary } from '../api/admin-contract';
import type { SharedAnalysisProgress } from '../api/contract';
import { maskConnectionUrl } from '../base/connection-url';
import { badRequest, errorMessage, forbidden } from '../base/errors';
import type { AnalysisPool } from '../library/analysis-pool';
import type { RecordOptions } from '../library/analysis-record';
import type { Probe } from '../library/catalogue';
import { runSeat, type SeatRunResult } from '../library/shared-seat';
import type { Db } from '../store/database';
import { listRoots } from '../store/roots';
import { owedByLease } from '../store/shared/claims';
import type { SharedDb } from '../store/shared/connection';
import type { SeatConfig } from '../store/shared/seat-config';
import { withSeat } from './shared-catalogue';

/** What a shared analysis needs of the Hark service that runs it. */
export interface SharedAnalysisHost {
  db: Db;
  probe: Probe;
  openPool: () => AnalysisPool;
  recordOptions: () => RecordOptions;
  /** Each change of the progress, for `shared-analysis` events. */
  emit: (progress: SharedAnalysisProgress) => void;
  /** After a run that did not fail: the search caches saved, the library's views refreshed. */
  finished: () => void;
}

const IDLE: SharedAnalysisProgress = { running: false, phase: 'idle', analysed: 0, failed: 0, refused: 0, copied: 0 };

/** The server's counts are asked at most this often while files finish (each is a query over the shared files). */
const COUNT_EVERY_MS = 1000;

/**
 * This process's one shared analysis at a time: the CLI's `hark catalogue analyse` waits for it, Settings starts it
 * in the background of the serving process and may stop it. Either way it is `runSeat`, the same seat code.
 */
export class SharedAnalysis {
  private current: { controller: AbortController; done: Promise<SharedAnalysisSummary> } | null = null;
  private state: SharedAnalysisProgress = IDLE;
  private countedAt = 0;
  private counting: Promise<void> | null = null;

  constructor(private readonly host: SharedAnalysisHost) {}

  get running(): boolean {
    return this.current !== null;
  }

  /**
   * The running analysis, or how the last one ended; with the server's counts fresh when idle and `shared` given (an
   * editor's seat: a reader runs no analysis of its own to count for).
   */
  async progress(shared?: SharedDb, config?: SeatConfig): Promise<SharedAnalysisProgress> {
    if (!this.current && shared && config && config.access !== 'reader') await this.count(shared, config);
    return this.state;
  }

  /** Runs one to its end (the CLI: a reader's seat copies the editors' results). */
  analyse(leaseMs: number): Promise<SharedAnalysisSummary> {
    if (this.current) throw badRequest('a shared analysis is running already in this process');
    return this.begin(leaseMs);
  }

  /** Starts one in the background (Settings), refused to a reader; while one runs, answers its progress. */
  async start(leaseMs: number): Promise<SharedAnalysisProgress> {
    if (this.current) return this.state;
    // What the login may do is asked of the server now: an administrator may have changed it since connecting.
    const config = await withSeat(this.host.db, async (_shared, config) => config);
    if (config.access === 'reader')
      throw forbidden(
        `this seat reads the shared catalogue at ${maskConnectionUrl(config.url)} but may not analyse for it: ` +
          'an editor seat analyses, and this seat copies the results as it follows the catalogue',
      );
    if (!config.roots.length) throw badRequest('no folder of this library is shared yet: share one first');
    if (this.current) return this.state; // another start came while the server answered
    void this.begin(leaseMs).catch(() => {
      // Kept in the progress (phase failed, error) for Settings to show.
    });
    return this.state;
  }

  /** Stops the running one and answers once it has ended (its files in hand finished, the rest given back). */
  async stop(): Promise<SharedAnalysisProgress> {
    const run = this.current;
    if (!run) return this.state;
    if (!run.controller.signal.aborted) {
      run.controller.abort();
      this.update({ phase: 'stopping' });
    }
    await run.done.catch(() => {});
    return this.state;
  }

  /** The library is closing: the run stops claiming, and nothing is told of it afterwards. */
  abandon(): void {
    this.current?.controller.abort();
  }

  private begin(leaseMs: number): Promise<SharedAnalysisSummary> {
    const controller = new AbortController();
    const { host } = this;
    this.state = { ...IDLE, running: true, phase: 'cataloguing' };
    host.emit(this.state);
    const done = withSeat(host.db, async (shared, config) => {
      const summary = await runSeat({
        db: host.db,
        shared,
        config,
        probe: host.probe,
        openPool: host.openPool,
        leaseMs,
        ...host.recordOptions(),
        signal: controller.signal,
        onProgress: (phase, result) => {
          this.update({ ...counts(result), phase: controller.signal.aborted ? 'stopping' : phase });
          void this.count(shared, config, true);
        },
      });
      await this.count(shared, config);
      return summary;
    }).then(
      (summary) => {
        this.end({ ...counts(summary), phase: summary.stopped ? 'stopped' : 'done' });
        if (host.db.open) host.finished();
        return summary;
      },
      (error: unknown) => {
        this.end({ phase: 'failed', error: errorMessage(error) });
        throw error;
      },
    );
    this.current = { controller, done };
    return done;
  }

  /** The server's counts of what it still owes, into the progress; `throttled` skips it when asked just now. */
  private async count(shared: SharedDb, config: SeatConfig, throttled = false): Promise<void> {
    if (throttled && (this.counting || Date.now() - this.countedAt < COUNT_EVERY_MS)) return;
    await this.counting;
    this.countedAt = Date.now();
    this.counting = (async () => {
      try {
        const local = new Set(listRoots(this.host.db).map((root) => root.path));
        const rootIds = config.roots.filter((root) => local.has(root.localPath)).map((root) => root.sharedRootId);
        const owed = await owedByLease(shared, rootIds, this.host.recordOptions().analysisKey);
        this.update(owed);
      } catch {
        // The counts stay as they were (the server is away, the library closed); the run reports what went wrong.
      }
    })();
    await this.counting;
    this.counting = null;
  }

  private update(change: Partial<SharedAnalysisProgress>): void {
    this.state = { ...this.state, ...change };
    if (this.current || change.running === false) this.host.emit(this.state);
  }

  private end(change: Partial<SharedAnalysisProgress>): void {
    this.current = null;
    this.update({ ...change, running: false });
  }
}

const counts = (result: SeatRunResult) => ({
  analysed: result.analysed,
  failed: result.failed,
  refused: result.refused,
  copied: result.copied,
});
