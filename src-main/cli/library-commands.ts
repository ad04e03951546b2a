import type { Command } from 'commander';
import { resolve } from 'node:path';
import { openFromCommand } from './context';

export function registerLibraryCommands(program: Command): void {
  program
    .command('add')
    .description('add a folder to the library (then run `hark index`)')
    .argument('<folder>', 'folder of sounds')
    .option(
      '--merge',
      'when the folder contains library folders, take them over with their files and analysis (without it, refused)',
    )
    .action(async (folder: string, options: { merge?: boolean }, command: Command) => {
      const hark = await openFromCommand(command, { keywordOnly: true });
      try {
        const root = await hark.addRoot({ path: resolve(folder), merge: options.merge === true });
        process.stdout.write(`Added ${root.path}\n`);
      } finally {
        hark.close();
      }
    });

  program
    .command('remove')
    .description('remove a folder from the library (files on disk are not touched)')
    .argument('<folder>', 'a library folder')
    .action(async (folder: string, _options, command: Command) => {
      const hark = await openFromCommand(command, { keywordOnly: true });
      try {
        // The command line is the person's confirmation: pass the one the first call asks for straight back.
        const first = await hark.removeRoot({ path: resolve(folder) });
        const token = first.confirmation?.token;
        const { removed } = token ? await hark.removeRoot({ path: resolve(folder), confirm: token }) : first;
        if (!removed) {
          process.stderr.write(`hark: ${folder} is not a library folder (see \`hark info\`)\n`);
          process.exitCode = 2;
          return;
        }
        process.stdout.write(`Removed ${resolve(folder)}\n`);
      } finally {
        hark.close();
      }
    });
}
