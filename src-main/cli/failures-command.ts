// `hark failures`: every file Hark could not read or analyse and every problem met while scanning, with the stage
// and the reason. Read a page at a time and written as it goes, so a library with many problems lists them all.
import type { Command } from 'commander';
import type { FailedFile } from '../api/contract';
import type { Hark } from '../app/hark';
import { badRequest } from '../base/errors';
import { withLibrary } from './context';
import { writeOut } from './output';

const PAGE = 1000;

interface FailuresOptions {
  json?: boolean;
  limit?: number;
  offset: number;
}

export function registerFailuresCommand(program: Command): void {
  program
    .command('failures')
    .description('files that could not be read or analysed, and problems met while scanning, and why')
    .option('--json', 'machine-readable: one JSON array')
    .option('--limit <n>', 'list at most n (default: all of them)', (v) => Number(v))
    .option('--offset <n>', 'skip the first n', (v) => Number(v), 0)
    .action(async (options: FailuresOptions, command: Command) => {
      const { limit, offset } = options;
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1))
        throw badRequest('--limit must be a positive integer');
      if (!(Number.isInteger(offset) && offset >= 0)) throw badRequest('--offset must be 0 or a positive integer');
      await withLibrary(command, async (hark) => {
        const json = Boolean(options.json);
        if (json) await writeOut('[');
        let listed = 0;
        let total = 0;
        for await (const page of pages(hark, offset, limit)) {
          total = page.total;
          const items = page.failures.map((failure) => (json ? JSON.stringify(failure) : line(failure)));
          if (items.length) await writeOut(json ? (listed ? ',' : '') + items.join(',') : items.join(''));
          listed += items.length;
        }
        if (json) await writeOut(']\n');
        else if (total === 0) await writeOut('No failures.\n');
        const more = total - offset - listed;
        if (limit !== undefined && more > 0) {
          const hint = `${more} more not listed: hark failures --offset ${offset + listed}`;
          if (json) process.stderr.write(`hark: ${hint}\n`);
          else await writeOut(`... ${hint}\n`);
        }
      });
    });
}

/** Pages from `offset` until `limit` are listed, or to the end without one. */
async function* pages(hark: Hark, offset: number, limit: number | undefined) {
  let next: number | null = offset;
  let left = limit ?? Infinity;
  while (next !== null && left > 0) {
    const page = await hark.listFailures({ offset: next, limit: Math.min(PAGE, left) });
    yield page;
    left -= page.failures.length;
    next = page.failures.length ? page.next : null;
  }
}

function line(failure: FailedFile): string {
  return `${failure.stage.padEnd(9)} ${failure.path}: ${failure.reason}\n`;
}
