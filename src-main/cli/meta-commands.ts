// `hark meta get|set`, `hark caption`, `hark rename`, `hark export-csv`: metadata the way sound libraries keep it.
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Hark } from '../app/hark';
import { badRequest, HarkError, notFound } from '../base/errors';
import { ProbeError, probeFile } from '../metadata/probe';
import { modelsDir } from '../ml/models-dir';
import { applyPersonEdit } from '../library/caption-edit';
import { libraryCsv } from '../library/caption-export';
import { ownCategory, suggestedCategory } from '../store/file-category';
import { loadCaptionVocabulary, type CaptionVocabulary } from '../library/caption-vocabulary';
import { captionLibrary, type CaptionProgress, type CaptionRunResult } from '../library/captions';
import { applyRenames, proposeUcsRenames, undoRenames, type RenameProposal } from '../library/renames';
import { getCaption } from '../store/captions';
import { getFileRowByPath, readMetadata } from '../store/files';
import { autoTags, userTags } from '../store/tags';
import { openFromCommand } from './context';
import { formatDuration } from './format';

export function registerMetaCommands(program: Command): void {
  const meta = program.command('meta').description("read and write a file's description, keywords and UCS category");

  meta
    .command('get')
    .description("a file's metadata (from the file itself) with what the library knows of it")
    .argument('<file>', 'an audio file')
    .option('--json', 'machine-readable')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      const path = resolve(file);
      const probe = await probeOrExplain(path);
      await withLibrary(command, async (hark, vocabulary) => {
        const library = libraryView(hark, path, vocabulary);
        if (options.json) {
          process.stdout.write(JSON.stringify({ path, ...probe, library }, null, 2) + '\n');
          return;
        }
        const lines = [
          path,
          `${probe.format}${probe.codec ? ` (${probe.codec})` : ''}, ${formatDuration(probe.duration)}, ${probe.sampleRate ?? '?'} Hz, ${probe.channels ?? '?'} ch${probe.bitDepth ? `, ${probe.bitDepth}-bit` : ''}`,
          ...Object.entries(probe.metadata).map(([key, value]) => `  ${key}: ${value}`),
        ];
        if (!library) lines.push('Not in the library.');
        else {
          if (library.ucs) lines.push(`UCS: ${library.ucs.catId} ${library.ucs.category}-${library.ucs.subCategory} (${library.ucs.source})`);
          if (library.tags.length) lines.push(`Tags: ${library.tags.map((t) => `${t.label} ${t.score.toFixed(2)}`).join(', ')}`);
          if (library.caption) lines.push(`Caption (${library.caption.source}): ${library.caption.description}`, `Keywords: ${library.caption.keywords.join(', ')}`);
        }
        process.stdout.write(lines.join('\n') + '\n');
      });
    });

  meta
    .command('set')
    .description('write a description, keywords and UCS category into the file (and the library)')
    .argument('<file>', 'an audio file (WAV/BWF/RF64, FLAC, MP3, Ogg Vorbis or Opus)')
    .option('--description <text>', 'the Description field')
    .option('--keywords <list>', 'comma-separated keywords')
    .option('--catid <CatID>', 'a UCS CatID, e.g. DOORWood (category names are looked up)')
    .action(async (file: string, options: { description?: string; keywords?: string; catid?: string }, command: Command) => {
      const path = resolve(file);
      if (!existsSync(path)) throw notFound(`${path} does not exist.`);
      await withLibrary(command, async (hark, vocabulary) => {
        const result = await applyPersonEdit(hark.db, path, { description: options.description, keywords: options.keywords, catId: options.catid }, vocabulary.ucs);
        process.stdout.write(`Wrote ${result.fields.join(', ')} into ${path}${result.fileId === null ? ' (not in the library)' : ''}\n`);
      });
    });

  program
    .command('caption')
    .description('caption analysed files offline: description, keywords, UCS category, best segment, character')
    .argument('[folder]', 'only files in this folder (default: the whole library)')
    .option('--write', 'also write description, keywords and category into the files')
    .option('--overwrite', "replace a person's caption and text in the files too")
    .option('--json', 'print the captions as JSON')
    .action(async (folder: string | undefined, options: { write?: boolean; overwrite?: boolean; json?: boolean }, command: Command) => {
      await withLibrary(command, async (hark, vocabulary) => {
        const progress = progressReporter(process.stderr);
        const result = await captionLibrary(hark.db, {
          vocabulary,
          folder: folder ? resolve(folder) : null,
          write: options.write,
          overwrite: options.overwrite,
          onProgress: progress.update,
        });
        progress.finish();
        if (options.json) {
          const rows = hark.db
            .prepare('SELECT id, path FROM files ORDER BY path')
            .all() as { id: number; path: string }[];
          const captions = rows.flatMap((row) => {
            const caption = getCaption(hark.db, row.id);
            return caption ? [{ path: row.path, ...caption }] : [];
          });
          process.stdout.write(JSON.stringify({ ...result, captions }, null, 2) + '\n');
        } else {
          process.stdout.write(captionSummary(result, Boolean(options.write)));
        }
        if (result.failed.length) process.exitCode = 1;
      });
    });

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
      if (undoing === Boolean(options.ucs)) throw badRequest('say what to do: `hark rename --ucs [--apply] [FOLDER]` or `hark rename --undo`.');
      await withLibrary(command, async (hark, vocabulary) => {
        const table = vocabulary.ucs;
        if (!table) throw badRequest('the UCS table is not installed: run `hark models install ucs` first.');
        if (undoing) {
          const batch = typeof options.undo === 'string' ? Number.parseInt(options.undo, 10) : undefined;
          if (batch !== undefined && !Number.isInteger(batch)) throw badRequest(`--undo takes a batch number, not "${String(options.undo)}".`);
          const result = await undoRenames(hark.db, options.undoId !== undefined ? { id: options.undoId } : { batch }, table);
          if (options.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
          else {
            for (const record of result.undone) process.stdout.write(`${record.toPath} -> ${record.fromPath}\n`);
            for (const failure of result.failed) process.stderr.write(`hark: not undone: ${failure.path}: ${failure.reason}\n`);
            process.stdout.write(result.undone.length || result.failed.length ? `Undid ${result.undone.length} rename(s).\n` : 'Nothing to undo.\n');
          }
          if (result.failed.length) process.exitCode = 1;
          return;
        }
        const proposals = proposeUcsRenames(hark.db, {
          table,
          folder: folder ? resolve(folder) : null,
          creatorId: options.creator,
          sourceId: options.source,
          minConfidence: options.minConfidence,
        });
        if (!options.apply) {
          if (options.json) process.stdout.write(JSON.stringify({ proposals }, null, 2) + '\n');
          else process.stdout.write(previewText(proposals));
          return;
        }
        const result = await applyRenames(hark.db, proposals, table);
        if (options.json) process.stdout.write(JSON.stringify({ proposals, ...result }, null, 2) + '\n');
        else {
          for (const record of result.renamed) process.stdout.write(`${record.fromPath} -> ${record.toPath}\n`);
          for (const failure of result.failed) process.stderr.write(`hark: not renamed: ${failure.path}: ${failure.reason}\n`);
          const refused = proposals.filter((p) => p.status === 'target-exists' || p.status === 'duplicate-target').length;
          process.stdout.write(
            `Renamed ${result.renamed.length} file(s)${result.batch !== null ? ` (batch ${result.batch}; undo with \`hark rename --undo\`)` : ''}` +
              `${refused ? `; ${refused} refused because the new name is taken` : ''}.\n`,
          );
        }
        if (result.failed.length) process.exitCode = 1;
      });
    });

  program
    .command('export-csv')
    .description("the library's metadata as CSV (path, format, description, keywords, UCS category, top tags)")
    .argument('<file>', 'where to write the CSV ("-" for standard output)')
    .action(async (file: string, _options, command: Command) => {
      await withLibrary(command, async (hark, vocabulary) => {
        const csv = libraryCsv(hark.db, vocabulary);
        if (file === '-') process.stdout.write(csv);
        else {
          await writeFile(resolve(file), csv);
          const rows = csv.split('\r\n').length - 2;
          process.stdout.write(`Wrote ${rows} file(s) to ${resolve(file)}\n`);
        }
      });
    });
}

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

async function withLibrary(command: Command, run: (hark: Hark, vocabulary: CaptionVocabulary) => Promise<void>): Promise<void> {
  const hark = await openFromCommand(command, { keywordOnly: true });
  try {
    await run(hark, await loadCaptionVocabulary(modelsDir()));
  } finally {
    hark.close();
  }
}

async function probeOrExplain(path: string) {
  if (!existsSync(path)) throw notFound(`${path} does not exist.`);
  try {
    return await probeFile(path);
  } catch (error) {
    if (error instanceof ProbeError) throw new HarkError('bad-request', `cannot read ${path}: ${error.message}`);
    throw error;
  }
}

function libraryView(hark: Hark, path: string, vocabulary: CaptionVocabulary) {
  const row = getFileRowByPath(hark.db, path);
  if (!row) return null;
  const metadata = readMetadata(hark.db, row.id);
  return {
    id: row.id,
    status: row.status,
    metadata,
    tags: autoTags(hark.db, row.id, 12),
    userTags: userTags(hark.db, row.id),
    ucs: ownCategory(metadata, row.name, vocabulary.ucs) ?? suggestedCategory(hark.db, row.id, vocabulary.ucs),
    caption: getCaption(hark.db, row.id),
  };
}

function previewText(proposals: readonly RenameProposal[]): string {
  const lines: string[] = [];
  const notes: Record<string, string> = { 'target-exists': 'name taken, will not rename', 'duplicate-target': 'same new name as another file' };
  for (const p of proposals) {
    if (p.status === 'unchanged') continue;
    const why = p.catSource === 'model' ? `suggested ${p.catId}, ${p.confidence.toFixed(2)}` : `${p.catId} from ${p.catSource}`;
    lines.push(`${p.from}\n  -> ${p.to}  (${why}${notes[p.status] ? `; ${notes[p.status]}` : ''})`);
  }
  const ready = proposals.filter((p) => p.status === 'ready').length;
  const unchanged = proposals.filter((p) => p.status === 'unchanged').length;
  lines.push(`${ready} rename(s) ready${unchanged ? `, ${unchanged} already named by UCS` : ''}. Nothing was changed: add --apply to rename.`);
  return lines.join('\n') + '\n';
}

function captionSummary(result: CaptionRunResult, write: boolean): string {
  const lines = [
    `Captions: ${result.captioned} made, ${result.upToDate} up to date, ${result.person} kept a person's text, ${result.failed.length} failed (of ${result.files} analysed files)`,
  ];
  if (write) lines.push(`Written into ${result.written} file(s)${result.notWritten.length ? `, ${result.notWritten.length} could not be written` : ''}.`);
  for (const failure of result.failed) lines.push(`  failed: ${failure.path}: ${failure.reason}`);
  for (const failure of result.notWritten) lines.push(`  not written: ${failure.path}: ${failure.reason}`);
  if (result.files === 0) lines.push('No analysed files: run `hark index` first.');
  return lines.join('\n') + '\n';
}

/** A bar on a terminal, a line every few seconds otherwise. */
function progressReporter(stream: NodeJS.WriteStream): { update: (p: CaptionProgress) => void; finish: () => void } {
  if (stream.isTTY) {
    let bar: SingleBar | null = null;
    return {
      update(p) {
        if (!bar) {
          bar = new SingleBar({ stream, format: 'caption   [{bar}] {value}/{total} files | ETA {eta_formatted}', hideCursor: true });
          bar.start(Math.max(1, p.total), 0);
        }
        bar.update(p.done);
      },
      finish: () => bar?.stop(),
    };
  }
  let last = Date.now();
  return {
    update(p) {
      if (Date.now() - last < 2000 && p.done < p.total) return;
      last = Date.now();
      stream.write(`caption: ${p.done}/${p.total} files\n`);
    },
    finish: () => undefined,
  };
}
