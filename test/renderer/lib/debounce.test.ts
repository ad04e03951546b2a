import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from '../../../src-renderer/lib/debounce';

describe('debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls once with the last arguments after typing pauses', () => {
    const calls: string[] = [];
    const d = debounce((q: string) => calls.push(q), 100);
    d('f');
    vi.advanceTimersByTime(60);
    d('fo');
    vi.advanceTimersByTime(60);
    d('foo');
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(calls).toEqual(['foo']);
  });

  it('flush runs the pending call now, cancel drops it', () => {
    const calls: string[] = [];
    const d = debounce((q: string) => calls.push(q), 100);
    d('a');
    d.flush();
    expect(calls).toEqual(['a']);
    d.flush(); // nothing pending
    d('b');
    d.cancel();
    vi.advanceTimersByTime(500);
    expect(calls).toEqual(['a']);
  });
});
