// `hark rename`: UCS renames, previewed by default, applied with --apply, undone with --undo.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { RenameProposal } from '../api/contract';
import { badRequest } from '../base/errors';
import { withLibrary } from './context';

interface RenameOptions {
  ucs?: boolean;
  apply?: boolean;
  undo?: string | boolean;
  undoId?: number;
  creator?: string;
  source?: string;
  minConfidence?: number;
  json?: boolean;
}

export function registerRenameCommand(program: Command): void {
  program
    .command('rename')
    .description('UCS renames: preview (default), --apply, or --undo the last batch')
    .argument('[folder]', 'only files in this folder (default: the whole library)')
    .option('--ucs', 'propose UCS-conforming names (CatID_FXName_CreatorID_SourceID)')
    .option('--apply', 'rename the files on disk (otherwise only a preview)')
    .option('--undo [batch]', 'undo the last batch of renames, or the batch with this number')
    .option('--undo-id <id>', 'undo one rename by its id (see --json output)', (v) => Number.parseInt(v, 10))
    .option('--creator <id>', 'UCS CreatorID for names without one (default NONE)')
    .option('--source <id>', 'UCS SourceID for names without one (default NONE)')
    .option('--min-confidence <x>', 'use model suggestions at or above this confidence', Number.parseFloat)
    .option('--json', 'machine-readable')
    .action(async (folder: string | undefined, options: RenameOptions, command: Command) => {
      const undoing = options.undo !== undefined || options.undoId !== undefined;
      if (undoing === Boolean(options.ucs))
        throw badRequest('say what to do: `hark rename --ucs [--apply] [FOLDER]` or `hark rename --undo`.');
      await withLibrary(command, async (hark) => {
        if (undoing) {
          const batch = typeof options.undo === 'string' ? Number.parseInt(options.undo, 10) : undefined;
          if (batch !== undefined && !Number.isInteger(batch))
            throw badRequest(`--undo takes a batch number, not "${String(options.undo)}".`);
          const result = await hark.undoRenames(options.undoId !== undefined ? { id: options.undoId } : { batch });
          if (options.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
          else {
            for (const record of result.undone) process.stdout.write(`${record.toPath} -> ${record.fromPath}\n`);
            for (const failure of result.failed)
              process.stderr.write(`hark: not undone: ${failure.path}: ${failure.reason}\n`);
            process.stdout.write(
              result.undone.length || result.failed.length
                ? `Undid ${result.undone.length} rename(s).\n`
                : 'Nothing to undo.\n',
            );
          }
          if (result.failed.length) process.exitCode = 1;
          return;
        }
        const request = {
          folder: folder ? resolve(folder) : undefined,
          creatorId: options.creator,
          sourceId: options.source,
          minConfidence: options.minConfidence,
        };
        if (!options.apply) {
          const { proposals } = await hark.previewUcsRenames(request);
          process.stdout.write(options.json ? JSON.stringify({ proposals }, null, 2) + '\n' : previewText(proposals));
          return;
        }
        const result = await hark.applyUcsRenames(request);
        if (options.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        else {
          for (const record of result.renamed) process.stdout.write(`${record.fromPath} -> ${record.toPath}\n`);
          for (const failure of result.failed)
            process.stderr.write(`hark: not renamed: ${failure.path}: ${failure.reason}\n`);
          const refused = result.proposals.filter(
            (p) => p.status === 'target-exists' || p.status === 'duplicate-target',
          ).length;
          process.stdout.write(
            `Renamed ${result.renamed.length} file(s)${result.batch !== null ? ` (batch ${result.batch}; undo with \`hark rename --undo\`)` : ''}` +
              `${refused ? `; ${refused} refused because the new name is taken` : ''}.\n`,
          );
        }
        if (result.failed.length) process.exitCode = 1;
      });
    });
}

function previewText(proposals: readonly RenameProposal[]): string {
  const lines: string[] = [];
  const notes: Record<string, string> = {
    'target-exists': 'name taken, will not rename',
    'duplicate-target': 'same new name as another file',
  };
  for (const p of proposals) {
    if (p.status === 'unchanged') continue;
    const why =
      p.catSource === 'model' ? `suggested ${p.catId}, ${p.confidence.toFixed(2)}` : `${p.catId} from ${p.catSource}`;
    lines.push(`${p.from}\n  -> ${p.to}  (${why}${notes[p.status] ? `; ${notes[p.status]}` : ''})`);
  }
  const ready = proposals.filter((p) => p.status === 'ready').length;
  const unchanged = proposals.filter((p) => p.status === 'unchanged').length;
  lines.push(
    `${ready} rename(s) ready${unchanged ? `, ${unchanged} already named by UCS` : ''}. Nothing was changed: add --apply to rename.`,
  );
  return lines.join('\n') + '\n';
}
