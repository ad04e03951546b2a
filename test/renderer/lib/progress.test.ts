import { describe, expect, it } from 'vitest';
import { describeProgress } from '../../../src-renderer/lib/progress';

describe('describeProgress', () => {
  it('describes a running analysis with rate and time left', () => {
    const view = describeProgress({
      phase: 'analysis',
      filesDone: 25,
      filesTotal: 100,
      failed: 2,
      filesPerSecond: 12.4,
      etaSeconds: 6,
    });
    expect(view.label).toBe('Listening to sounds');
    expect(view.fraction).toBe(0.25);
    expect(view.detail).toBe('25 of 100 files · 12 files/s · about 6 s left · 2 failed');
    expect(view).toMatchObject({ running: true, canPause: true, canResume: false, canCancel: true });
  });

  it('says it is finishing the files in hand while pausing, with resume offered', () => {
    const view = describeProgress({
      phase: 'pausing',
      filesDone: 3,
      filesTotal: 10,
      failed: 0,
      filesPerSecond: 4,
      etaSeconds: 2,
    });
    expect(view).toMatchObject({ label: 'Pausing', fraction: 0.3, canPause: false, canResume: true, canCancel: true });
    expect(view.detail).toBe('3 of 10 files · finishing the files in hand');
  });

  it('offers resume when paused and nothing to stop when done', () => {
    expect(
      describeProgress({
        phase: 'paused',
        filesDone: 1,
        filesTotal: 4,
        failed: 0,
        filesPerSecond: 0,
        etaSeconds: null,
      }),
    ).toMatchObject({
      canPause: false,
      canResume: true,
      canCancel: true,
    });
    const done = describeProgress({
      phase: 'done',
      filesDone: 0,
      filesTotal: 0,
      failed: 0,
      filesPerSecond: 0,
      etaSeconds: null,
    });
    expect(done).toMatchObject({ label: 'Up to date', fraction: 1, running: false, canCancel: false });
  });

  it('counts the files the catalogue pass reads, with no fraction or time left (it finds the total as it goes)', () => {
    const view = describeProgress({
      phase: 'catalogue',
      filesDone: 89,
      filesTotal: 89,
      failed: 0,
      filesPerSecond: 506,
      etaSeconds: 0,
    });
    // Before: "89 of 89 files · about 1 s left" while it was still finding files.
    expect(view).toMatchObject({ label: 'Reading files', fraction: null, running: true });
    expect(view.detail).toBe('89 files read · 506 files/s');
  });

  it('has no fraction while the total is unknown', () => {
    expect(
      describeProgress({
        phase: 'catalogue',
        filesDone: 0,
        filesTotal: 0,
        failed: 0,
        filesPerSecond: 0,
        etaSeconds: null,
      }).fraction,
    ).toBeNull();
  });

  it('says nothing untrue: an idle library shows an empty bar, and an unknown time left is said as such', () => {
    const idle = describeProgress({
      phase: 'idle',
      filesDone: 0,
      filesTotal: 0,
      failed: 0,
      filesPerSecond: 0,
      etaSeconds: null,
    });
    expect(idle).toMatchObject({ label: 'Not indexing', fraction: 0, running: false });
    const starting = describeProgress({
      phase: 'analysis',
      filesDone: 0,
      filesTotal: 40,
      failed: 0,
      filesPerSecond: 0,
      etaSeconds: null,
    });
    expect(starting.detail).toContain('time left not known yet');
    expect(starting.detail).not.toContain('unknown');
  });
});
