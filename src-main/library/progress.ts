import type { IndexPhase, IndexProgress } from '../api/contract';

/** Files per second over the last few seconds, and the ETA that follows from it. */
export class ProgressMeter {
  private done = 0;
  private total = 0;
  private failed = 0;
  private samples: { at: number; done: number }[] = [];
  /** Samples before this one have left the window (dropped a batch at a time: shift() per file made a catalogue of
   * unchanged files, thousands a second, spend most of its time here). */
  private first = 0;
  phase: IndexPhase = 'idle';
  currentPath?: string;

  start(phase: IndexPhase, total: number): void {
    this.phase = phase;
    this.total = total;
    this.done = 0;
    this.failed = 0;
    this.samples = [{ at: Date.now(), done: 0 }];
    this.first = 0;
  }

  /**
   * Measures the rate afresh from now (after a pause): a window reaching back over the pause counted its idle
   * seconds as work, and said "about 9 s left" where 1.5 s were.
   */
  restartRate(): void {
    this.samples = [{ at: Date.now(), done: this.done }];
    this.first = 0;
  }

  setTotal(total: number): void {
    this.total = total;
  }

  advance(failed: boolean, path?: string): void {
    this.done++;
    if (failed) this.failed++;
    this.currentPath = path;
    const now = Date.now();
    this.samples.push({ at: now, done: this.done });
    while (this.samples.length - this.first > 2 && now - this.samples[this.first]!.at > 5000) this.first++;
    if (this.first > 1024 && this.first > this.samples.length / 2) {
      this.samples = this.samples.slice(this.first);
      this.first = 0;
    }
  }

  snapshot(): IndexProgress {
    const first = this.samples[this.first];
    const last = this.samples[this.samples.length - 1];
    const seconds = first && last ? (last.at - first.at) / 1000 : 0;
    const rate = seconds > 0 ? (last!.done - first!.done) / seconds : 0;
    const left = Math.max(0, this.total - this.done);
    return {
      phase: this.phase,
      filesDone: this.done,
      filesTotal: this.total,
      failed: this.failed,
      filesPerSecond: Math.round(rate * 10) / 10,
      etaSeconds: rate > 0 ? Math.round(left / rate) : null,
      currentPath: this.currentPath,
    };
  }
}
