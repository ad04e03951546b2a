import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressMeter } from '../../src-main/library/progress';

describe('ProgressMeter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('starts idle and empty, with no rate or ETA yet', () => {
    const meter = new ProgressMeter();
    expect(meter.snapshot()).toEqual({
      phase: 'idle',
      filesDone: 0,
      filesTotal: 0,
      failed: 0,
      filesPerSecond: 0,
      etaSeconds: null,
      currentPath: undefined,
    });
    meter.start('analysis', 10);
    expect(meter.snapshot()).toMatchObject({
      phase: 'analysis',
      filesDone: 0,
      filesTotal: 10,
      filesPerSecond: 0,
      etaSeconds: null,
    });
  });

  it('counts done and failed files and estimates the time left from the rate', () => {
    const meter = new ProgressMeter();
    meter.start('analysis', 10);
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(500);
      meter.advance(i === 2, `/lib/${i}.wav`);
    }
    // 4 files in 2 s: 2 per second, 6 left: 3 s
    expect(meter.snapshot()).toEqual({
      phase: 'analysis',
      filesDone: 4,
      filesTotal: 10,
      failed: 1,
      filesPerSecond: 2,
      etaSeconds: 3,
      currentPath: '/lib/3.wav',
    });
  });

  it('measures the rate over the last five seconds only', () => {
    const meter = new ProgressMeter();
    meter.start('analysis', 100);
    // slow at first: 1 file a second for 10 s
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(1000);
      meter.advance(false);
    }
    // then fast: 10 a second for 6 s
    for (let i = 0; i < 60; i++) {
      vi.advanceTimersByTime(100);
      meter.advance(false);
    }
    const snapshot = meter.snapshot();
    expect(snapshot.filesPerSecond).toBe(10);
    expect(snapshot.etaSeconds).toBe(3); // 30 left at 10 per second
  });

  it('keeps the five-second window at thousands of files a second (a catalogue of unchanged files)', () => {
    const meter = new ProgressMeter();
    meter.start('catalogue', 100_000);
    // 2 files a millisecond for 20 s, then 1 a millisecond for 6 s
    for (let ms = 0; ms < 20_000; ms++) {
      vi.advanceTimersByTime(1);
      meter.advance(false);
      meter.advance(false);
    }
    for (let ms = 0; ms < 6_000; ms++) {
      vi.advanceTimersByTime(1);
      meter.advance(false);
    }
    expect(meter.snapshot()).toMatchObject({ filesDone: 46_000, filesPerSecond: 1000, etaSeconds: 54 });
  });

  it('starts each phase afresh, and a grown total moves the ETA', () => {
    const meter = new ProgressMeter();
    meter.start('catalogue', 3);
    vi.advanceTimersByTime(1000);
    meter.advance(true);
    meter.start('analysis', 4);
    expect(meter.snapshot()).toMatchObject({ phase: 'analysis', filesDone: 0, failed: 0, filesTotal: 4 });
    vi.advanceTimersByTime(1000);
    meter.advance(false);
    expect(meter.snapshot()).toMatchObject({ filesPerSecond: 1, etaSeconds: 3 });
    meter.setTotal(11);
    expect(meter.snapshot()).toMatchObject({ filesTotal: 11, etaSeconds: 10 });
  });

  it('never reports a negative number of files left', () => {
    const meter = new ProgressMeter();
    meter.start('analysis', 1);
    vi.advanceTimersByTime(1000);
    meter.advance(false);
    meter.advance(false);
    expect(meter.snapshot()).toMatchObject({ filesDone: 2, filesTotal: 1, etaSeconds: 0 });
  });

  it('measures the rate afresh after a pause, instead of counting the paused seconds as slow work', () => {
    const meter = new ProgressMeter();
    meter.start('analysis', 100);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(100);
      meter.advance(false);
    }
    expect(meter.snapshot().filesPerSecond).toBe(10);
    vi.advanceTimersByTime(3000); // paused
    meter.restartRate();
    // Until a file is done after the pause, the rate is not known rather than low.
    expect(meter.snapshot()).toMatchObject({ filesPerSecond: 0, etaSeconds: null });
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(100);
      meter.advance(false);
    }
    expect(meter.snapshot()).toMatchObject({ filesDone: 20, filesPerSecond: 10, etaSeconds: 8 });
  });
});
