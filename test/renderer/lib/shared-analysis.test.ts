import { describe, expect, it } from 'vitest';
import type { CatalogueStatus, SharedAnalysisProgress } from '../../../src-main/api/contract';
import { cannotAnalyse, describeSharedAnalysis } from '../../../src-renderer/lib/shared-analysis';

const progress = (change: Partial<SharedAnalysisProgress>): SharedAnalysisProgress => ({
  running: true,
  phase: 'analysing',
  analysed: 0,
  failed: 0,
  refused: 0,
  copied: 0,
  ...change,
});

describe('describeSharedAnalysis', () => {
  it('says what this seat analysed and what the server still owes while it runs', () => {
    expect(describeSharedAnalysis(progress({ analysed: 1, unclaimed: 7, leased: 2 }))).toBe(
      'Analysing with the other seats · 1 file analysed here · on the server: 7 waiting, 2 being analysed',
    );
    expect(describeSharedAnalysis(progress({ analysed: 3, failed: 1 }))).toBe(
      'Analysing with the other seats · 3 files analysed here, 1 failed',
    );
    expect(describeSharedAnalysis(progress({ phase: 'stopping', analysed: 4 }))).toBe(
      'Stopping: finishing the files in hand · 4 files analysed here',
    );
  });

  it('says how a run ended', () => {
    const ended = { running: false, analysed: 5, copied: 11 };
    expect(describeSharedAnalysis(progress({ ...ended, phase: 'done', unclaimed: 0, leased: 0 }))).toBe(
      'Done · 5 files analysed here · 11 files copied from the other seats · the server owes no file',
    );
    expect(describeSharedAnalysis(progress({ ...ended, phase: 'stopped', unclaimed: 9, leased: 0 }))).toBe(
      'Stopped · 5 files analysed here · 11 files copied from the other seats · on the server: 9 waiting, 0 being analysed',
    );
    expect(describeSharedAnalysis(progress({ running: false, phase: 'idle' }))).toBe('Not running');
  });
});

describe('cannotAnalyse', () => {
  const status: CatalogueStatus = {
    connected: true,
    access: 'editor',
    online: true,
    waitingEdits: 0,
    roots: [{ folder: '/sfx', name: 'SFX' }],
  };

  it('lets an online editor seat with a shared folder analyse, and says why not otherwise', () => {
    expect(cannotAnalyse(status)).toBeNull();
    expect(cannotAnalyse({ ...status, access: 'reader' })).toContain('This seat is a reader');
    expect(cannotAnalyse({ ...status, online: false })).toBe('The server is out of reach.');
    expect(cannotAnalyse({ ...status, roots: [] })).toBe('Share a library folder first.');
  });
});
