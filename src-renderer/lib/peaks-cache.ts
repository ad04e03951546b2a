// Mini waveforms ask for peaks as rows scroll into view. This keeps recent ones, shares one request between rows
// asking at once, and forgets the oldest so a long scroll does not grow memory without bound.
import type { Peaks } from '../../src-main/api/contract';

export class PeaksCache {
  private readonly done = new Map<number, Peaks | null>();
  private readonly inFlight = new Map<number, Promise<Peaks | null>>();

  constructor(
    private readonly load: (fileId: number) => Promise<Peaks>,
    private readonly capacity = 500,
  ) {}

  /** Null when the file has no peaks (not analysed yet, or failed): the row draws nothing rather than erroring. */
  get(fileId: number): Promise<Peaks | null> {
    if (this.done.has(fileId)) {
      const value = this.done.get(fileId) ?? null;
      // Refresh its place: Map keeps insertion order, so the first key is always the least recently used.
      this.done.delete(fileId);
      this.done.set(fileId, value);
      return Promise.resolve(value);
    }
    const pending = this.inFlight.get(fileId);
    if (pending) return pending;
    const request = this.load(fileId)
      .then((peaks) => peaks as Peaks | null)
      .catch(() => null)
      .then((peaks) => {
        this.inFlight.delete(fileId);
        this.remember(fileId, peaks);
        return peaks;
      });
    this.inFlight.set(fileId, request);
    return request;
  }

  /** Drops everything, e.g. after re-indexing changed the files. */
  clear(): void {
    this.done.clear();
  }

  get size(): number {
    return this.done.size;
  }

  private remember(fileId: number, peaks: Peaks | null): void {
    this.done.set(fileId, peaks);
    while (this.done.size > this.capacity) {
      const oldest = this.done.keys().next().value;
      if (oldest === undefined) break;
      this.done.delete(oldest);
    }
  }
}
