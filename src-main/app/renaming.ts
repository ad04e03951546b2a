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
import { applyRenames, proposeUcsRenames, undoRenames } from '../library/renames';
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
): Promise<RenameApplyResult> {
  const table = ucsTable(vocabulary);
  const proposals = propose(db, table, request);
  return { proposals, ...(await applyRenames(db, proposals, table)) };
}

export function undoUcsRenames(
  db: Db,
  vocabulary: CaptionVocabulary,
  request: RenameUndoRequest,
): Promise<RenameUndoResult> {
  const target =
    request.id !== undefined && request.id !== null ? { id: request.id } : { batch: request.batch ?? undefined };
  return undoRenames(db, target, ucsTable(vocabulary));
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
