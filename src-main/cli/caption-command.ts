// `hark caption`: offline captions for analysed files, optionally written into them.
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CaptionProgress, CaptionRunResult } from '../api/contract';
import { withLibrary } from './context';
import { formatDuration, formatEta } from './format';

export function registerCaptionCommand(program: Command): void {
  program
    .command('caption')
    .description('caption analysed files offline: description, keywords, UCS category, best segment, character')
    .argument('[folder]', 'only files in this folder (default: the whole library)')
    .option('--write', 'also write description, keywords and category into the files')
    .option('--overwrite', "replace a person's caption and text in the files too")
    .option('--json', 'print the captions as JSON')
    .action(
      async (
        folder: string | undefined,
        options: { write?: boolean; overwrite?: boolean; json?: boolean },
        command: Command,
      ) => {
        await withLibrary(command, async (hark) => {
          const progress = progressReporter(process.stderr);
          const stopListening = hark.onEvent(
            (event) => event.type === 'caption-progress' && progress.update(event.progress),
          );
          const result = await hark.caption({
            folder: folder ? resolve(folder) : undefined,
            write: options.write,
            overwrite: options.overwrite,
          });
          stopListening();
          progress.finish();
          process.stdout.write(
            options.json ? JSON.stringify(result, null, 2) + '\n' : captionSummary(result, Boolean(options.write)),
          );
          if (result.failed.length) process.exitCode = 1;
        });
      },
    );
}

/** Each file's caption in force (its path, description, keywords, category and best segment), then the counts. */
function captionSummary(result: CaptionRunResult, write: boolean): string {
  const lines = result.captions.flatMap(captionLines);
  lines.push(
    `Captions: ${result.captioned} made, ${result.upToDate} up to date, ${result.person} kept a person's text, ${result.failed.length} failed (of ${result.files} analysed files)`,
  );
  if (write)
    lines.push(
      `Written into ${result.written} file(s)${result.notWritten.length ? `, ${result.notWritten.length} could not be written` : ''}` +
        (result.writeBatch !== null ? ` (undo with \`hark meta undo ${result.writeBatch}\`).` : '.'),
    );
  for (const failure of result.failed) lines.push(`  failed: ${failure.path}: ${failure.reason}`);
  for (const failure of result.notWritten) lines.push(`  not written: ${failure.path}: ${failure.reason}`);
  if (result.files === 0) lines.push('No analysed files: run `hark index` first.');
  return lines.join('\n') + '\n';
}

/** A bar on a terminal, a line every few seconds otherwise. */
function progressReporter(stream: NodeJS.WriteStream): { update: (p: CaptionProgress) => void; finish: () => void } {
  if (stream.isTTY) {
    let bar: SingleBar | null = null;
    const started = Date.now();
    // From the whole run's pace: the bar's own ETA reads "LLs" until it has one.
    const left = (p: CaptionProgress) => {
      const seconds = (Date.now() - started) / 1000;
      return formatEta(p.done > 0 && seconds > 0 ? (p.total - p.done) / (p.done / seconds) : null);
    };
    return {
      update(p) {
        if (!bar) {
          bar = new SingleBar({
            stream,
            format: 'caption   [{bar}] {value}/{total} files | ETA {left}',
            hideCursor: true,
          });
          bar.start(Math.max(1, p.total), 0, { left: formatEta(null) });
        }
        bar.update(p.done, { left: left(p) });
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

function captionLines(caption: CaptionRunResult['captions'][number]): string[] {
  const lines = [caption.path, `  ${caption.description}${caption.source === 'person' ? "  (a person's text)" : ''}`];
  if (caption.keywords.length) lines.push(`  keywords: ${caption.keywords.join(', ')}`);
  if (caption.catId) {
    const confidence = caption.catConfidence === null ? '' : `, ${caption.catConfidence.toFixed(2)} sure`;
    lines.push(`  category: ${caption.catId} (${caption.catSource ?? 'unknown source'}${confidence})`);
  } else lines.push('  category: uncategorised');
  if (caption.segment)
    lines.push(`  best part: ${formatDuration(caption.segment.start)}-${formatDuration(caption.segment.end)}`);
  return lines;
}
