import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IndexProgress } from '../../src-main/api/contract';
import { createProgressDisplay } from '../../src-main/cli/progress-display';

/** A stream that records what a display writes, as a terminal (isTTY) or as a pipe. */
function recorder(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = {
    isTTY,
    columns: 120,
    write: (chunk: string) => ((text += chunk), true),
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
    clearScreenDown: () => true,
    on: () => stream,
    removeListener: () => stream,
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

const progress = (filesDone: number, etaSeconds: number | null): IndexProgress => ({
  phase: 'analysis',
  filesDone,
  filesTotal: 1000,
  failed: 0,
  filesPerSecond: 5,
  etaSeconds,
});

describe('the index progress display', () => {
  afterEach(() => vi.useRealTimers());

  it('shows the indexer\'s ETA on a terminal, and -- while there is none (never the bar\'s own "LLs")', () => {
    // The bar redraws on a timer (10 a second): fake time lets each update be drawn.
    vi.useFakeTimers();
    const { stream, text } = recorder(true);
    const display = createProgressDisplay(stream);
    const shown = (next: IndexProgress) => {
      display.update(next);
      vi.advanceTimersByTime(250);
      return text();
    };
    expect(shown(progress(0, null))).toContain('ETA --');
    expect(shown(progress(200, 3725))).toContain('200/1000 files | 5.0 files/s | ETA 1h 02m');
    expect(shown(progress(990, 2))).toContain('ETA 2s');
    display.finish();
    expect(text()).not.toMatch(/LL|NaN|Infinity/);
  });

  it('writes plain lines with the same ETA when the output is not a terminal', () => {
    const { stream, text } = recorder(false);
    createProgressDisplay(stream).update(progress(200, 125));
    expect(text()).toBe('analysis: 200/1000 files, 5 files/s, ETA 2m 05s\n');
  });
});
