import type { Command } from 'commander';
import { openFromCommand } from './context';
import { formatInfo } from './format';

export function registerInfoCommands(program: Command): void {
  program
    .command('info')
    .description('library counts, errors, model and execution provider')
    .option('--json', 'machine-readable')
    .action(async (options: { json?: boolean }, command: Command) => {
      const hark = await openFromCommand(command);
      try {
        const info = await hark.getInfo();
        const roots = await hark.listRoots();
        if (options.json) {
          process.stdout.write(JSON.stringify({ ...info, folders: roots }) + '\n');
          return;
        }
        process.stdout.write(formatInfo(info));
        for (const root of roots) process.stdout.write(`  ${root.path} (${root.fileCount} files)\n`);
      } finally {
        hark.close();
      }
    });
}
