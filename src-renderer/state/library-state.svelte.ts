// The library as the Library and Settings screens see it: roots, indexing progress, failures and totals,
// kept fresh by the service's events.
import type { FailurePage, IndexProgress, LibraryInfo, LibraryRoot } from '../../src-main/api/contract';
import type { AppClient } from '../lib/api-client';

const IDLE: IndexProgress = {
  phase: 'idle',
  filesDone: 0,
  filesTotal: 0,
  failed: 0,
  filesPerSecond: 0,
  etaSeconds: null,
};
const FAILURES_PAGE = 500;

/** How often the totals are read again while indexing runs. */
const COUNTS_EVERY_MS = 2000;

export class LibraryState {
  roots = $state.raw<LibraryRoot[]>([]);
  progress = $state.raw<IndexProgress>(IDLE);
  failures = $state.raw<FailurePage>({ failures: [], total: 0, next: null });
  info = $state.raw<LibraryInfo | null>(null);
  error = $state<string | null>(null);
  /** Bumped whenever the files may have changed, so views showing results can refresh. */
  revision = $state(0);

  constructor(private readonly client: AppClient) {}

  /** Starts listening to events; returns the function that stops it. */
  start(): () => void {
    void this.refresh();
    return this.client.onEvent((event) => {
      if (event.type === 'progress') {
        this.progressEvents++;
        const before = this.progress.phase;
        this.progress = event.progress;
        // Counts and failures change as a run goes: refresh them when it stops (paused, done, cancelled: also
        // after "pausing", whose files in hand finished since), and every few seconds while it runs, not each tick.
        if (!this.isRunning(event.progress) && event.progress.phase !== before) void this.refresh();
        else if (this.isRunning(event.progress) && Date.now() - this.countedAt > COUNTS_EVERY_MS) void this.recount();
      } else if (event.type === 'library-changed') {
        void this.refresh();
      }
    });
  }

  /** Progress events seen so far: an action's answer older than the last event is not shown over it. */
  private progressEvents = 0;
  /** When the totals were last read. */
  private countedAt = 0;

  /** The totals alone (files, analysed, waiting, failed), while a run goes on. */
  private async recount(): Promise<void> {
    this.countedAt = Date.now();
    try {
      this.info = await this.client.getInfo({});
    } catch {
      // The next event or refresh tries again; the old totals stay meanwhile.
    }
  }

  async refresh(): Promise<void> {
    this.countedAt = Date.now();
    try {
      const [roots, progress, failures, info] = await Promise.all([
        this.client.listRoots({}),
        this.client.getProgress({}),
        this.client.listFailures({ limit: FAILURES_PAGE }),
        this.client.getInfo({}),
      ]);
      this.roots = roots;
      this.progress = progress;
      this.failures = failures;
      this.info = info;
      this.error = null;
      this.revision++;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** The next page of problems after those shown. */
  async moreFailures(): Promise<void> {
    const { next } = this.failures;
    if (next === null) return;
    try {
      const page = await this.client.listFailures({ limit: FAILURES_PAGE, offset: next });
      this.failures = { ...page, failures: [...this.failures.failures, ...page.failures] };
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** `merge`: the folder may take over the library folders inside it, with their files. */
  async addRoot(path: string, merge = false): Promise<void> {
    await this.client.addRoot({ path, merge });
    await this.refresh();
    await this.answered(this.client.startIndexing({ analyse: true }));
  }

  /**
   * Removes a library folder. One that holds files is removed only when `confirmForget(files)` says yes: the service
   * asks first, with a one-time token for the second call. Resolves to whether the folder went.
   */
  async removeRoot(path: string, confirmForget: (files: number) => boolean): Promise<boolean> {
    let removal = await this.client.removeRoot({ path });
    if (removal.confirmation) {
      if (!confirmForget(removal.confirmation.files)) return false;
      removal = await this.client.removeRoot({ path, confirm: removal.confirmation.token });
    }
    await this.refresh();
    return removal.removed;
  }

  async startIndexing(): Promise<void> {
    await this.answered(this.client.startIndexing({ analyse: true }));
  }

  async pause(): Promise<void> {
    await this.answered(this.client.pauseIndexing({}));
  }

  async resume(): Promise<void> {
    await this.answered(this.client.resumeIndexing({}));
  }

  async cancel(): Promise<void> {
    await this.answered(this.client.cancelIndexing({}));
  }

  /**
   * Takes the progress an action answered with, unless an event came meanwhile: events are newer. (A pause answers
   * "pausing"; the "paused" event can arrive first, and the answer then left the screen saying "Pausing".)
   */
  private async answered(call: Promise<IndexProgress>): Promise<void> {
    const seen = this.progressEvents;
    const progress = await call;
    if (this.progressEvents === seen) this.progress = progress;
  }

  private isRunning(progress: IndexProgress): boolean {
    return progress.phase === 'catalogue' || progress.phase === 'analysis';
  }
}
