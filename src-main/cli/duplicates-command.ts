// `hark duplicates`: groups of files holding the same audio (exact) or the same sound re-encoded, trimmed or
// re-levelled (near), each with the file Hark suggests keeping. It only reads: nothing on disk changes.
import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DuplicateFile, DuplicateGroup, DuplicatesResult } from '../api/contract';
import { badRequest } from '../base/errors';
import { withLibrary } from './context';
import { formatDuration } from './format';
import { writeOut } from './output';

export function registerDuplicatesCommand(program: Command): void {
  program
    .command('duplicates')
    .description('files with the same audio (exact) or the same sound re-encoded or trimmed (near), and which to keep')
    .argument('[folder]', 'only files in this folder (default: the whole library)')
    .option('--json', 'machine-readable: the groups and counts as one JSON object')
    .option('--exact-only', 'only exact duplicates (no analysis needed)')
    .action(async (folder: string | undefined, options: { json?: boolean; exactOnly?: boolean }, command: Command) => {
      const path = folder === undefined ? undefined : existingFolder(folder);
      await withLibrary(command, async (hark) => {
        const result = await hark.findDuplicates({ folder: path, kind: options.exactOnly ? 'exact' : undefined });
        await writeOut(
          options.json ? JSON.stringify(result, null, 2) + '\n' : report(result, Boolean(options.exactOnly)),
        );
      });
    });
}

function existingFolder(folder: string): string {
  const path = resolve(folder);
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    throw badRequest(`${folder}: no such folder`);
  }
  if (!isFolder) throw badRequest(`${folder}: not a folder`);
  return path;
}

function report(result: DuplicatesResult, exactOnly: boolean): string {
  const lines = result.groups.flatMap(groupLines);
  const counts = [`${plural(result.exactGroups, 'exact group')}`];
  if (!exactOnly) counts.push(plural(result.nearGroups, 'near group'));
  const notes = [`${plural(result.files, 'file')} looked at`, `${result.hashed} decoded`];
  if (result.unreadable.length) notes.push(`${result.unreadable.length} unreadable`);
  if (!exactOnly && result.notAnalysed) notes.push(`${result.notAnalysed} not analysed (not compared as near)`);
  lines.push(`${counts.join(', ')} (${notes.join(', ')})`);
  for (const failure of result.unreadable) lines.push(`  unreadable: ${failure.path}: ${failure.reason}`);
  if (result.groups.length === 0) lines.push('No duplicates.');
  return lines.join('\n') + '\n';
}

function groupLines(group: DuplicateGroup): string[] {
  return [
    `${group.kind} (${group.files.length} files; keep: ${group.keeperReason})`,
    ...group.files.map((file) => fileLine(file, file.id === group.keeperId)),
    '',
  ];
}

function fileLine(file: DuplicateFile, keeper: boolean): string {
  const facts = [
    file.format,
    file.sampleRate ? `${file.sampleRate} Hz` : null,
    file.bitDepth ? `${file.bitDepth}-bit` : null,
    file.channels ? (file.channels === 1 ? 'mono' : `${file.channels} ch`) : null,
    formatDuration(file.duration),
    `${file.size} bytes`,
    file.similarity !== null ? `similarity ${file.similarity.toFixed(3)}` : null,
  ].filter(Boolean);
  const mark = keeper ? '* keep ' : '       ';
  return `  ${mark}${file.path}  (${facts.join(', ')})${file.marked ? ' [marked for removal]' : ''}`;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
