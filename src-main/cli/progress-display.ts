import { SingleBar } from 'cli-progress';
import type { IndexProgress } from '../api/contract';

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
          format: `${progress.phase.padEnd(9)} [{bar}] {value}/{total} files | {rate} files/s | ETA {eta_formatted}`,
          hideCursor: true,
        });
        bar.start(Math.max(progress.filesTotal, 1), 0, { rate: 0 });
      }
      bar?.setTotal(Math.max(progress.filesTotal, 1));
      bar?.update(progress.filesDone, { rate: progress.filesPerSecond.toFixed(1) });
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
      const eta = progress.etaSeconds === null ? '' : `, ETA ${progress.etaSeconds}s`;
      stream.write(
        `${progress.phase}: ${progress.filesDone}/${progress.filesTotal} files, ${progress.filesPerSecond} files/s${eta}\n`,
      );
    },
    finish() {
      last = 0;
    },
  };
}
