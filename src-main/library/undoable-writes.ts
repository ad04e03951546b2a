// Hark's writes into files' tags, recorded so a batch can be taken back: before writing, what the file held in each
// field is read from the file itself; undo writes it back (by the same atomic writer, so the audio stays
// bit-identical) unless the file was changed since, and puts the library's record and caption back as they were.
import type { PathFailure } from '../api/contract';
import { errorMessage } from '../base/errors';
import { writtenFieldText, type WrittenField } from '../metadata/fields';
import { keywordText } from '../metadata/text';
import { MetadataWriteError, ProbeError } from '../metadata/errors';
import { probeFile } from '../metadata/probe';
import type { MetadataUpdate } from '../metadata/types';
import { lookupCatId, type UcsTable } from '../metadata/ucs';
import { writeMetadata } from '../metadata/write';
import { deleteCaption, getCaption, saveCaption } from '../store/captions';
import type { Db } from '../store/database';
import { getFileRow } from '../store/files';
import {
  activeWritesOfBatch,
  lastActiveWriteBatch,
  markWriteUndone,
  nextWriteBatch,
  recordWrite,
  type FieldValues,
  type MetadataWrite,
  type MetadataWriteKind,
} from '../store/metadata-writes';
import { refreshRewrittenFile } from './caption-refresh';

export { nextWriteBatch };

const FIELDS: WrittenField[] = ['description', 'keywords', 'catId', 'category', 'subCategory'];

/** The update as field texts, the way the file will hold them. */
function fieldValues(update: MetadataUpdate): FieldValues {
  const values: FieldValues = {};
  for (const field of FIELDS) {
    const value = update[field];
    if (value !== undefined) values[field] = field === 'keywords' ? keywordText(value) : String(value).trim();
  }
  return values;
}

/** What the file at `path` holds now in each of `fields`; a file that cannot be read is refused as unwritable. */
async function heldValues(path: string, fields: FieldValues): Promise<FieldValues> {
  const { metadata } = await probeFile(path).catch((error: unknown) => {
    if (error instanceof ProbeError) throw new MetadataWriteError(path, 'corrupt', error.message);
    throw error;
  });
  const held: FieldValues = {};
  for (const field of Object.keys(fields) as WrittenField[]) held[field] = writtenFieldText(metadata, field);
  return held;
}

/**
 * Writes `update` into the file and records what it replaced under `batch`. Throws what writeMetadata or the probe
 * throws, having changed nothing. Call before the library's record of the file is refreshed: the caption kept for
 * undo is the one in force now.
 */
export async function writeUndoably(
  db: Db,
  target: { path: string; fileId: number | null },
  update: MetadataUpdate,
  record: { batch: number; kind: MetadataWriteKind },
): Promise<void> {
  const after = fieldValues(update);
  const before = await heldValues(target.path, after);
  const captionBefore = target.fileId === null ? null : getCaption(db, target.fileId);
  await writeMetadata(target.path, update);
  recordWrite(db, { ...record, fileId: target.fileId, path: target.path, before, after, captionBefore });
}

export interface UndoWritesResult {
  batch: number | null;
  undone: { path: string; fields: string[] }[];
  failed: PathFailure[];
}

/** Undoes one batch of writes (the newest not yet undone, of `kind` when given), last write first. */
export async function undoWrites(
  db: Db,
  request: { batch?: number; kind?: MetadataWriteKind },
  table: UcsTable | null,
): Promise<UndoWritesResult> {
  const batch = request.batch ?? lastActiveWriteBatch(db, request.kind);
  const result: UndoWritesResult = { batch, undone: [], failed: [] };
  if (batch === null) return result;
  for (const write of activeWritesOfBatch(db, batch)) {
    // A renamed file is found by its row; a file outside the library by the path it was written at.
    const path = (write.fileId !== null ? getFileRow(db, write.fileId)?.path : undefined) ?? write.path;
    try {
      const changed = await changedSince(path, write);
      if (changed) {
        result.failed.push({ path, reason: `its ${changed} was changed since Hark wrote it: left as it is` });
        continue;
      }
      await writeMetadata(path, write.before);
    } catch (error) {
      result.failed.push({ path, reason: errorMessage(error) });
      continue;
    }
    if (write.fileId !== null && getFileRow(db, write.fileId)) await restoreLibraryRecord(db, write, path, table);
    markWriteUndone(db, write.id);
    result.undone.push({ path, fields: Object.keys(write.after) });
  }
  return result;
}

/** The first field whose text in the file is no longer what Hark wrote, or null. */
async function changedSince(path: string, write: MetadataWrite): Promise<string | null> {
  const held = await heldValues(path, write.after);
  return (Object.keys(write.after) as WrittenField[]).find((field) => held[field] !== write.after[field]) ?? null;
}

async function restoreLibraryRecord(db: Db, write: MetadataWrite, path: string, table: UcsTable | null) {
  const fileId = write.fileId!;
  let category: Parameters<typeof refreshRewrittenFile>[3];
  if ('catId' in write.after) {
    const entry = write.before.catId && table ? lookupCatId(table, write.before.catId) : null;
    category = entry ? { catId: entry.catId, category: entry.category, subCategory: entry.subCategory } : null;
  }
  await refreshRewrittenFile(db, fileId, path, category);
  if (write.captionBefore) saveCaption(db, write.captionBefore);
  else deleteCaption(db, fileId);
}
