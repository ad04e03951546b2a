import { SingleBar } from 'cli-progress';
import type { IndexProgress } from '../api/contract';
import { formatEta } from './format';

export interface ProgressDisplay {
  update(progress: IndexProgress): void;
  finish(): void;
}

/** A progress bar on a terminal; plain lines every few seconds when output goes to a file or another program. */
export function createProgressDisplay(stream: NodeJS.WriteStream): ProgressDisplay {
  return stream.isTTY ? barDisplay(stream) : lineDisplay(stream);
}

function barDisplay(stream: NodeJS.WriteStream): ProgressDisplay {
  let bar: SingleBar | null = null;
  let phase = '';
  return {
    update(progress) {
      if (progress.phase !== phase) {
        bar?.stop();
        phase = progress.phase;
        bar = new SingleBar({
          stream,
          // The indexer's own ETA (files/s over the last seconds): the bar's would read "LLs" while it has none.
          format: `${progress.phase.padEnd(9)} [{bar}] {value}/{total} files | {rate} files/s | ETA {left}`,
          hideCursor: true,
        });
        bar.start(Math.max(progress.filesTotal, 1), 0, { rate: '0.0', left: formatEta(null) });
      }
      bar?.setTotal(Math.max(progress.filesTotal, 1));
      bar?.update(progress.filesDone, {
        rate: progress.filesPerSecond.toFixed(1),
        left: formatEta(progress.etaSeconds),
      });
    },
    finish() {
      bar?.stop();
      bar = null;
      phase = '';
    },
  };
}

function lineDisplay(stream: NodeJS.WriteStream): ProgressDisplay {
  let last = 0;
  return {
    update(progress) {
      const now = Date.now();
      if (now - last < 2000) return;
      last = now;
      const eta = progress.etaSeconds === null ? '' : `, ETA ${formatEta(progress.etaSeconds)}`;
      stream.write(
        `${progress.phase}: ${progress.filesDone}/${progress.filesTotal} files, ${progress.filesPerSecond} files/s${eta}\n`,
      );
    },
    finish() {
      last = 0;
    },
  };
}
