// UCS renames: propose a UCS-conforming name for every file with a CatID (its own, a person's, or a confident
// suggestion), apply them on disk keeping each file's library id (so analysis, tags and collections stay), and undo
// them, a batch or one rename at a time. Every rename is recorded in the renames table.
import { existsSync } from 'node:fs';
import { lstat, rename } from 'node:fs/promises';
import type {
  PathFailure,
  RenameApplyResult,
  RenameProposal,
  RenameRecord,
  RenameStatus,
  RenameUndoResult,
} from '../api/contract';
import { errorMessage } from '../base/errors';
import { parseUcsName, ucsRename, type UcsTable } from '../metadata/ucs';
import { getCaption } from '../store/captions';
import type { Db } from '../store/database';
import { getFileRow, getFileRowByPath, readMetadata } from '../store/files';
import {
  activeRenamesOfBatch,
  filesUnder,
  getRename,
  lastActiveBatch,
  markRenameUndone,
  nextRenameBatch,
  recordRename,
  renameFileRow,
} from '../store/renames';
import { MIN_SUGGESTION_CONFIDENCE, ownCategory, suggestedCategory } from '../store/file-category';

export type ProposalStatus = RenameStatus;
export type { RenameProposal };

export interface ProposeOptions {
  table: UcsTable;
  /** Only files at or below this folder; the whole library when absent. */
  folder?: string | null;
  /** Model suggestions below this are not used to rename. */
  minConfidence?: number;
  /** UCS CreatorID and SourceID blocks for names that have none yet (default "NONE"). */
  creatorId?: string;
  sourceId?: string;
}

/** What renames would do; nothing changes on disk. Files without any CatID are left out. */
export function proposeUcsRenames(db: Db, options: ProposeOptions): RenameProposal[] {
  const minConfidence = options.minConfidence ?? MIN_SUGGESTION_CONFIDENCE;
  const proposals: RenameProposal[] = [];
  const targets = new Set<string>();
  for (const file of filesUnder(db, options.folder ?? null)) {
    const metadata = readMetadata(db, file.id);
    const caption = getCaption(db, file.id);
    const person =
      caption?.catSource === 'person' && caption.catId
        ? { catId: caption.catId, source: 'person' as const, confidence: 1 }
        : null;
    const own = ownCategory(metadata, file.name, options.table);
    const suggestion = suggestedCategory(db, file.id, options.table);
    const category = person ?? own ?? (suggestion && suggestion.confidence >= minConfidence ? suggestion : null);
    if (!category) continue;
    const current = parseUcsName(file.name, options.table);
    let preview;
    try {
      preview = ucsRename(
        file.path,
        category.catId,
        {
          fxName: metadata['ixml.USER.FXNAME'] || undefined,
          // Only fill blocks a name lacks: a CreatorID or SourceID already there is the library owner's.
          creatorId: current?.creatorId ? undefined : options.creatorId,
          sourceId: current?.sourceId ? undefined : options.sourceId,
        },
        options.table,
      );
    } catch {
      continue; // a CatID the table does not know: no rename
    }
    let status: ProposalStatus = 'ready';
    if (preview.unchanged) status = 'unchanged';
    else if (targets.has(preview.to)) status = 'duplicate-target';
    else if (existsSync(preview.to) || getFileRowByPath(db, preview.to)) status = 'target-exists';
    if (status === 'ready') targets.add(preview.to);
    proposals.push({
      fileId: file.id,
      from: file.path,
      to: preview.to,
      catId: category.catId,
      catSource: category.source,
      confidence: category.confidence,
      status,
    });
  }
  return proposals;
}

export type RenameFailure = PathFailure;
export type ApplyResult = Omit<RenameApplyResult, 'proposals'>;

/**
 * Told of each rename inside the transaction that records it (from and to are absolute paths), so that whatever must
 * follow it (the shared catalogue's queue) is kept with it or not at all.
 */
export type OnRenamed = (from: string, to: string) => void;

/** Applies the 'ready' proposals as one batch. A target that exists by now is refused, never overwritten. */
export async function applyRenames(
  db: Db,
  proposals: readonly RenameProposal[],
  table: UcsTable,
  onRenamed: OnRenamed = () => {},
): Promise<ApplyResult> {
  const result: ApplyResult = { batch: null, renamed: [], failed: [] };
  for (const proposal of proposals) {
    if (proposal.status !== 'ready') continue;
    const row = getFileRow(db, proposal.fileId);
    if (!row || row.path !== proposal.from) {
      result.failed.push({ path: proposal.from, reason: 'the file has moved since the preview' });
      continue;
    }
    const outcome = await moveOnDisk(proposal.from, proposal.to);
    if (outcome) {
      result.failed.push({ path: proposal.from, reason: outcome });
      continue;
    }
    result.batch ??= nextRenameBatch(db);
    try {
      const id = db.transaction(() => {
        renameFileRow(db, proposal.fileId, proposal.to, table);
        onRenamed(proposal.from, proposal.to);
        return recordRename(db, result.batch!, proposal.fileId, proposal.from, proposal.to);
      })();
      result.renamed.push(getRename(db, id)!);
    } catch (error) {
      // The library could not follow: put the file back so disk and library agree.
      await rename(proposal.to, proposal.from).catch(() => undefined);
      result.failed.push({ path: proposal.from, reason: `not renamed: ${errorMessage(error)}` });
    }
  }
  return result;
}

export type UndoResult = RenameUndoResult;

/** Undoes one batch (the newest one not yet undone when neither is given) or one rename, newest first. */
export async function undoRenames(
  db: Db,
  target: { batch?: number; id?: number },
  table: UcsTable,
  onRenamed: OnRenamed = () => {},
): Promise<UndoResult> {
  const result: UndoResult = { undone: [], failed: [] };
  for (const record of renamesToUndo(db, target)) {
    const problem = await moveOnDisk(record.toPath, record.fromPath);
    if (problem) {
      result.failed.push({ path: record.toPath, reason: problem });
      continue;
    }
    db.transaction(() => {
      const row = record.fileId === null ? undefined : getFileRow(db, record.fileId);
      if (row && row.path === record.toPath) {
        renameFileRow(db, row.id, record.fromPath, table);
        onRenamed(record.toPath, record.fromPath);
      }
      markRenameUndone(db, record.id);
    })();
    result.undone.push({ ...record, undoneAt: Date.now() });
  }
  return result;
}

/** The renames an undo of `target` would undo, newest first (see undoRenames). */
export function renamesToUndo(db: Db, target: { batch?: number; id?: number }): RenameRecord[] {
  if (target.id !== undefined) {
    const record = getRename(db, target.id);
    return record && record.undoneAt === null ? [record] : [];
  }
  const batch = target.batch ?? lastActiveBatch(db);
  return batch === null ? [] : activeRenamesOfBatch(db, batch);
}

/** Renames `from` to `to` unless something else is at `to`. Returns a reason when it did not. */
async function moveOnDisk(from: string, to: string): Promise<string | null> {
  const source = await lstat(from).catch(() => null);
  if (!source) return `${from} is not there any more`;
  const existing = await lstat(to).catch(() => null);
  // On a case-insensitive disk a change of case finds the file itself at the target: that is no clash.
  if (existing && !(existing.ino === source.ino && existing.dev === source.dev)) return `${to} already exists`;
  try {
    await rename(from, to);
    return null;
  } catch (error) {
    return `cannot rename: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`;
  }
}
