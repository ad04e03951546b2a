// `hark meta get|set` and `hark export-csv`: metadata the way sound libraries keep it.
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FileMeta } from '../api/contract';
import { badRequest } from '../base/errors';
import { withLibrary } from './context';
import { formatDuration } from './format';

export function registerMetaCommands(program: Command): void {
  const meta = program.command('meta').description("read and write a file's description, keywords and UCS category");

  meta
    .command('get')
    .description("a file's metadata (from the file itself) with what the library knows of it")
    .argument('<file>', 'an audio file')
    .option('--json', 'machine-readable')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      await withLibrary(command, async (hark) => {
        const found = await hark.readFileMeta({ path: resolve(file) });
        process.stdout.write(options.json ? JSON.stringify(found, null, 2) + '\n' : metaText(found));
      });
    });

  meta
    .command('set')
    .description('write a description, keywords and UCS category into the file (and the library)')
    .argument('<file>', 'an audio file (WAV/BWF/RF64, FLAC, MP3, Ogg Vorbis or Opus)')
    .option('--description <text>', 'the Description field')
    .option('--keywords <list>', 'comma-separated keywords')
    .option('--catid <CatID>', 'a UCS CatID, e.g. DOORWood, or its category and subcategory, e.g. "DOORS WOOD"')
    .action(
      async (file: string, options: { description?: string; keywords?: string; catid?: string }, command: Command) => {
        const path = resolve(file);
        await withLibrary(command, async (hark) => {
          const result = await hark.writeFileMeta({
            path,
            description: options.description,
            keywords: options.keywords,
            catId: options.catid,
          });
          process.stdout.write(
            `Wrote ${result.fields.join(', ')} into ${path}${result.fileId === null ? ' (not in the library)' : ''}` +
              ` (undo with \`hark meta undo ${result.batch}\`)\n`,
          );
        });
      },
    );

  meta
    .command('undo')
    .description("take back Hark's last write into files (a `meta set`, or a whole `caption --write`)")
    .argument('[batch]', 'the batch to undo (printed when it was written); the newest when absent')
    .option('--json', 'machine-readable')
    .action(async (batchText: string | undefined, options: { json?: boolean }, command: Command) => {
      const batch = batchText === undefined ? undefined : Number(batchText);
      if (batch !== undefined && !Number.isInteger(batch))
        throw badRequest(
          `the batch is a number (printed by \`meta set\` and \`caption --write\`), not "${batchText}".`,
        );
      await withLibrary(command, async (hark) => {
        const result = await hark.undoMetadataWrites({ batch });
        if (options.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        else {
          for (const file of result.undone) process.stdout.write(`${file.path}: ${file.fields.join(', ')} put back\n`);
          for (const failure of result.failed)
            process.stderr.write(`hark: not undone: ${failure.path}: ${failure.reason}\n`);
          process.stdout.write(
            result.batch === null
              ? 'Nothing to undo.\n'
              : `Undid batch ${result.batch}: ${result.undone.length} file(s) have their text back` +
                  (result.failed.length ? `, ${result.failed.length} left as they are` : '') +
                  '.\n',
          );
        }
        if (result.failed.length) process.exitCode = 1;
      });
    });
}

export function registerExportCommand(program: Command): void {
  program
    .command('export-csv')
    .description("the library's metadata as CSV (path, format, description, keywords, UCS category, top tags)")
    .argument('<file>', 'where to write the CSV ("-" for standard output)')
    .action(async (file: string, _options, command: Command) => {
      await withLibrary(command, async (hark) => {
        const { csv, files } = await hark.exportCsv();
        if (file === '-') process.stdout.write(csv);
        else {
          await writeFile(resolve(file), csv);
          process.stdout.write(`Wrote ${files} file(s) to ${resolve(file)}\n`);
        }
      });
    });
}

function metaText(found: FileMeta): string {
  const { library } = found;
  const lines = [
    found.path,
    `${found.format}${found.codec ? ` (${found.codec})` : ''}, ${formatDuration(found.duration)}, ${found.sampleRate ?? '?'} Hz, ${found.channels ?? '?'} ch${found.bitDepth ? `, ${found.bitDepth}-bit` : ''}`,
    ...Object.entries(found.metadata).map(([key, value]) => `  ${key}: ${value}`),
  ];
  if (!library) lines.push('Not in the library.');
  else {
    lines.push(
      library.ucs
        ? `UCS: ${library.ucs.catId} ${library.ucs.category}-${library.ucs.subCategory} (${library.ucs.source})`
        : 'UCS: uncategorised',
    );
    if (library.tags.length)
      lines.push(`Tags: ${library.tags.map((t) => `${t.label} ${t.score.toFixed(2)}`).join(', ')}`);
    if (library.caption)
      lines.push(
        `Caption (${library.caption.source}): ${library.caption.description}`,
        `Keywords: ${library.caption.keywords.join(', ')}`,
      );
  }
  return lines.join('\n') + '\n';
}
