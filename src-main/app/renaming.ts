// UCS renames through the service: preview, apply (re-proposed here, so a client never names the target paths)
// and undo.
import type {
  RenameApplyResult,
  RenameProposal,
  RenameUndoRequest,
  RenameUndoResult,
  UcsRenameRequest,
} from '../api/contract';
import { badRequest } from '../base/errors';
import type { CaptionVocabulary } from '../library/caption-vocabulary';
import { applyRenames, proposeUcsRenames, renamesToUndo, undoRenames, type OnRenamed } from '../library/renames';
import type { UcsTable } from '../metadata/ucs';
import type { Db } from '../store/database';
import { absolutePath } from './request-paths';

export function previewUcsRenames(
  db: Db,
  vocabulary: CaptionVocabulary,
  request: UcsRenameRequest,
): { proposals: RenameProposal[] } {
  return { proposals: propose(db, ucsTable(vocabulary), request) };
}

export async function applyUcsRenames(
  db: Db,
  vocabulary: CaptionVocabulary,
  request: UcsRenameRequest,
  onRenamed?: OnRenamed,
): Promise<RenameApplyResult> {
  const table = ucsTable(vocabulary);
  const proposals = propose(db, table, request);
  return { proposals, ...(await applyRenames(db, proposals, table, onRenamed)) };
}

export function undoUcsRenames(
  db: Db,
  vocabulary: CaptionVocabulary,
  request: RenameUndoRequest,
  onRenamed?: OnRenamed,
): Promise<RenameUndoResult> {
  return undoRenames(db, undoTarget(request), ucsTable(vocabulary), onRenamed);
}

/** The paths an apply (the ready proposals' files) or an undo (the renamed files) would rename. */
export function pathsRenamedBy(db: Db, vocabulary: CaptionVocabulary, request: UcsRenameRequest): string[] {
  return propose(db, ucsTable(vocabulary), request)
    .filter((proposal) => proposal.status === 'ready')
    .map((proposal) => proposal.from);
}

export function pathsUndoneBy(db: Db, request: RenameUndoRequest): string[] {
  return renamesToUndo(db, undoTarget(request)).map((record) => record.toPath);
}

function undoTarget(request: RenameUndoRequest): { id?: number; batch?: number } {
  return request.id !== undefined && request.id !== null ? { id: request.id } : { batch: request.batch ?? undefined };
}

function propose(db: Db, table: UcsTable, request: UcsRenameRequest): RenameProposal[] {
  return proposeUcsRenames(db, {
    table,
    folder: request.folder ? absolutePath(request.folder, 'folder') : null,
    creatorId: request.creatorId,
    sourceId: request.sourceId,
    minConfidence: request.minConfidence,
  });
}

function ucsTable(vocabulary: CaptionVocabulary): UcsTable {
  if (!vocabulary.ucs) throw badRequest('the UCS table is not installed: run `hark models install ucs` first.');
  return vocabulary.ucs;
}
