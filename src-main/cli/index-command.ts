import type { Command } from 'commander';
import type { IndexRunSummary } from '../api/admin-contract';
import type { IndexProgress } from '../api/contract';
import type { Hark } from '../app/hark';
import { openFromCommand } from './context';
import { createProgressDisplay } from './progress-display';

export function registerIndexCommand(program: Command): void {
  program
    .command('index')
    .description('catalogue every library folder, then analyse new and changed files')
    .option('--watch', 'keep running and index changes as they happen')
    .option('--no-analyse', 'catalogue only (names and metadata), no audio analysis')
    .option('--workers <n>', 'analysis worker threads (default: one per core)', (v) => Number.parseInt(v, 10))
    .action(async (options: { watch?: boolean; analyse: boolean; workers?: number }, command: Command) => {
      const hark = await openFromCommand(command, { workers: options.workers, keywordOnly: true });
      const roots = await hark.listRoots();
      if (roots.length === 0) {
        process.stderr.write('hark: the library has no folders yet: run `hark add <folder>` first\n');
        process.exitCode = 2;
        hark.close();
        return;
      }
      const display = createProgressDisplay(process.stderr);
      const unsubscribe = hark.onEvent((event) => {
        if (event.type === 'progress') display.update(event.progress);
      });
      const runOnce = async () => {
        const result = await hark.runIndexing({ analyse: options.analyse });
        display.finish();
        printSummary(result, await hark.getProgress());
      };
      await runOnce();
      if (!options.watch) {
        unsubscribe();
        hark.close();
        return;
      }
      await watchUntilStopped(hark, roots.length, runOnce);
    });
}

async function watchUntilStopped(hark: Hark, folders: number, runOnce: () => Promise<void>): Promise<void> {
  process.stderr.write(`Watching ${folders} folder(s) for changes. Ctrl+C to stop.\n`);
  let busy: Promise<void> | null = null;
  let again = false;
  const unsubscribe = hark.onEvent((event) => {
    if (event.type !== 'roots-changed') return;
    if (busy) {
      again = true;
      return;
    }
    busy = (async () => {
      do {
        again = false;
        await runOnce();
      } while (again);
      busy = null;
    })();
  });
  await hark.watchRoots({});
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  unsubscribe();
  await hark.unwatchRoots({});
  hark.close();
}

function printSummary(result: IndexRunSummary, progress: IndexProgress): void {
  const sum = (key: 'seen' | 'added' | 'updated' | 'moved' | 'removed' | 'failed') =>
    result.catalogue.reduce((total, stats) => total + stats[key], 0);
  const missing = result.catalogue.filter((stats) => stats.rootMissing).length;
  const lines = [
    `Catalogue: ${sum('seen')} files (${sum('added')} new, ${sum('updated')} changed, ${sum('moved')} moved, ${sum('removed')} removed, ${sum('failed')} unreadable)`,
    `Analysis: ${result.analysed} analysed, ${result.failed} failed${result.cancelled ? ' (cancelled)' : ''}`,
  ];
  if (missing) lines.push(`Warning: ${missing} library folder(s) could not be read; their files were kept.`);
  if (progress.failed || sum('failed')) lines.push('See `hark failures` for the reasons.');
  process.stdout.write(lines.join('\n') + '\n');
}
