import { HarkError } from '../base/errors';

export interface AdmissionLimits {
  /** Tasks running at once. */
  running: number;
  /** Tasks waiting their turn; one more is refused. */
  waiting: number;
}

/** A place in the queue, taken the moment a request arrives so that its turn follows the order of arrival. */
export interface Ticket {
  /** Runs `task` in turn and frees the place when it settles. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Gives the place up (the request was refused, or its client left): a task still waiting never runs. */
  cancel(): void;
}

/**
 * Bounded first-come-first-served admission. Without it a burst of searches all run interleaved and every one of
 * them finishes near the end of the burst; with it each waits for at most `running + waiting` others, and a burst
 * larger than that is told at once to come back later (`unavailable`, HTTP 503) instead of waiting for minutes.
 */
export class AdmissionQueue {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly what: string,
  ) {}

  /** A ticket, or `unavailable` when `running` tasks hold their places and `waiting` wait already. */
  admit(): Ticket {
    if (this.active + this.queue.length >= this.limits.running + this.limits.waiting)
      throw new HarkError('unavailable', `Too many ${this.what} at once: try again in a moment.`);
    // waiting: in the queue; placed: holds a running place, task not started; running: task started.
    let state: 'waiting' | 'placed' | 'running' | 'done' = 'waiting';
    let settle!: (placed: boolean) => void;
    const turn = new Promise<boolean>((resolve) => (settle = resolve));
    const place = () => {
      this.active++;
      state = 'placed';
      settle(true);
    };
    const release = () => {
      state = 'done';
      this.active--;
      this.queue.shift()?.();
    };
    if (this.active < this.limits.running) place();
    else this.queue.push(place);
    return {
      run: async (task) => {
        // false, or done: the ticket was cancelled before its task could start.
        if (!(await turn) || state === 'done')
          throw new HarkError('unavailable', 'The request was given up before its turn.');
        state = 'running';
        try {
          return await task();
        } finally {
          release();
        }
      },
      cancel: () => {
        if (state === 'placed') release();
        if (state !== 'waiting') return;
        state = 'done';
        this.queue.splice(this.queue.indexOf(place), 1);
        settle(false);
      },
    };
  }
}
