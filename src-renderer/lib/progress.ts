// Indexing progress in words and numbers, and which buttons make sense in each phase.
import type { IndexPhase, IndexProgress } from '../../src-main/api/contract';
import { formatEta, formatRate } from './format';

const PHASE_WORDS: Record<IndexPhase, string> = {
  idle: 'Idle',
  catalogue: 'Reading files',
  analysis: 'Listening to sounds',
  paused: 'Paused',
  cancelled: 'Cancelled',
  done: 'Up to date',
};

export interface ProgressView {
  label: string;
  /** 0..1, or null when the total is not known yet. */
  fraction: number | null;
  detail: string;
  running: boolean;
  canPause: boolean;
  canResume: boolean;
  canCancel: boolean;
}

export function describeProgress(progress: IndexProgress): ProgressView {
  const running = progress.phase === 'catalogue' || progress.phase === 'analysis';
  const fraction =
    progress.filesTotal > 0
      ? Math.max(0, Math.min(1, progress.filesDone / progress.filesTotal))
      : progress.phase === 'done'
        ? 1
        : null;
  const parts: string[] = [];
  if (progress.filesTotal > 0 || progress.filesDone > 0)
    parts.push(`${progress.filesDone} of ${progress.filesTotal} files`);
  if (running) {
    parts.push(formatRate(progress.filesPerSecond));
    parts.push(`about ${formatEta(progress.etaSeconds)} left`);
  }
  if (progress.failed > 0) parts.push(`${progress.failed} failed`);
  return {
    label: PHASE_WORDS[progress.phase],
    fraction,
    detail: parts.join(' · '),
    running,
    canPause: running,
    canResume: progress.phase === 'paused',
    canCancel: running || progress.phase === 'paused',
  };
}
