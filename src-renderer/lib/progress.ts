// Indexing progress in words and numbers, and which buttons make sense in each phase.
import type { IndexPhase, IndexProgress } from '../../src-main/api/contract';
import { formatEta, formatRate } from './format';

const PHASE_WORDS: Record<IndexPhase, string> = {
  idle: 'Not indexing',
  catalogue: 'Reading files',
  analysis: 'Listening to sounds',
  pausing: 'Pausing',
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
  // Nothing running and nothing done: an empty bar, not an animated one ("Idle" beside a busy bar).
  // The catalogue pass counts files as it finds them: there is no total to be a fraction of, or a time left.
  const finding = progress.phase === 'catalogue';
  const fraction =
    progress.phase === 'idle'
      ? 0
      : finding
        ? null
        : progress.filesTotal > 0
          ? Math.max(0, Math.min(1, progress.filesDone / progress.filesTotal))
          : progress.phase === 'done'
            ? 1
            : null;
  const parts: string[] = [];
  if (finding) parts.push(`${progress.filesDone} files read`);
  else if (progress.filesTotal > 0 || progress.filesDone > 0)
    parts.push(`${progress.filesDone} of ${progress.filesTotal} files`);
  if (running) parts.push(formatRate(progress.filesPerSecond));
  if (running && !finding) {
    // No rate yet (the first files): say so, rather than "about unknown left".
    parts.push(
      progress.etaSeconds === null ? 'time left not known yet' : `about ${formatEta(progress.etaSeconds)} left`,
    );
  }
  if (progress.phase === 'pausing') parts.push('finishing the files in hand');
  if (progress.failed > 0) parts.push(`${progress.failed} failed`);
  return {
    label: PHASE_WORDS[progress.phase],
    fraction,
    detail: parts.join(' · '),
    running,
    canPause: running,
    canResume: progress.phase === 'paused' || progress.phase === 'pausing',
    canCancel: running || progress.phase === 'paused' || progress.phase === 'pausing',
  };
}
