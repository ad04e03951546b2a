import { Command, CommanderError } from 'commander';
import { VERSION } from '../app/version';
import { HarkError } from '../base/errors';
import { registerLibraryCommands } from './library-commands';
import { registerIndexCommand } from './index-command';
import { registerSearchCommand } from './search-command';
import { registerSimilarCommand } from './similar-command';
import { registerInfoCommands } from './info-commands';
import { registerFailuresCommand } from './failures-command';
import { registerServeCommand } from './serve-command';
import { registerModelCommands } from './model-commands';
import { registerExportCommand, registerMetaCommands } from './meta-commands';
import { registerCaptionCommand } from './caption-command';
import { registerRenameCommand } from './rename-command';
import { registerDuplicatesCommand } from './duplicates-command';
import { registerCatalogueCommands } from './catalogue-command';
import { isSystemError, systemErrorMessage } from './os-errors';
import { endQuietlyWhenReaderCloses, outputWritten } from './output';

export function buildProgram(): Command {
  const program = new Command('hark')
    .description('Find sounds in your library by describing them.')
    .version(VERSION)
    .option('--db <path>', 'library database (default: your app-data folder)')
    .showHelpAfterError()
    .exitOverride();
  registerLibraryCommands(program);
  registerIndexCommand(program);
  registerSearchCommand(program);
  registerSimilarCommand(program);
  registerInfoCommands(program);
  registerFailuresCommand(program);
  registerServeCommand(program);
  registerModelCommands(program);
  registerMetaCommands(program);
  registerCaptionCommand(program);
  registerRenameCommand(program);
  registerExportCommand(program);
  registerDuplicatesCommand(program);
  registerCatalogueCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof HarkError) {
      process.stderr.write(`hark: ${error.message}\n`);
      return error.code === 'bad-request' || error.code === 'not-found' ? 2 : 1;
    }
    if (isSystemError(error)) {
      process.stderr.write(`hark: ${systemErrorMessage(error)}\n`);
      return 1;
    }
    // Anything else is Hark's own fault: its message, and the stack only when asked for (for a bug report).
    const detail =
      error instanceof Error
        ? process.env.HARK_DEBUG
          ? (error.stack ?? error.message)
          : error.message
        : String(error);
    process.stderr.write(`hark: ${detail}\n`);
    if (!process.env.HARK_DEBUG) process.stderr.write('hark: (run again with HARK_DEBUG=1 to see where it failed)\n');
    return 1;
  }
}

endQuietlyWhenReaderCloses();
main(process.argv).then(async (code) => {
  process.exitCode = code;
  if (process.env.HARK_KEEP_ALIVE) return;
  // Open handles (worker threads, watchers) must not keep a finished command alive, but its output must all be out.
  await outputWritten();
  process.exit(code);
});
