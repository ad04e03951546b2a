// A person's edit (`hark meta set`): written into the file first, then the library follows, and the file's caption
// becomes the person's, which no caption pass replaces without being told to.
import { badRequest, HarkError } from '../base/errors';
import { MetadataWriteError } from '../metadata/errors';
import type { MetadataUpdate } from '../metadata/types';
import { categoryFull, findCategory, type UcsEntry, type UcsTable } from '../metadata/ucs';
import { blankCaption, getCaption, saveCaption, splitKeywords, type Caption } from '../store/captions';
import type { Db } from '../store/database';
import { getFileRowByPath } from '../store/files';
import { refreshRewrittenFile } from './caption-refresh';
import { nextWriteBatch, writeUndoably } from './undoable-writes';

export interface PersonEdit {
  description?: string;
  keywords?: string;
  catId?: string;
}

export interface EditResult {
  /** The library's id for the file; null when the file is not in the library (only the file was changed). */
  fileId: number | null;
  fields: string[];
  /** The undo batch the edit is recorded under. */
  batch: number;
}

/** Throws HarkError: 'bad-request' for a wrong request or a file that cannot take tags, 'forbidden' for read-only. */
export async function applyPersonEdit(
  db: Db,
  path: string,
  edit: PersonEdit,
  table: UcsTable | null,
): Promise<EditResult> {
  const update: MetadataUpdate = {};
  if (edit.description !== undefined) update.description = edit.description.trim();
  if (edit.keywords !== undefined) update.keywords = splitKeywords(edit.keywords).join(', ');
  let category: { catId: string; category: string; subCategory: string } | undefined;
  if (edit.catId !== undefined) {
    if (!table)
      throw badRequest('cannot check the CatID: the UCS table is not installed (run `hark models install ucs`).');
    const found = findCategory(table, edit.catId);
    if (!('entry' in found)) throw badRequest(notACategory(edit.catId, found.choices));
    const { entry } = found;
    category = { catId: entry.catId, category: entry.category, subCategory: entry.subCategory };
    Object.assign(update, category);
  }
  if (Object.keys(update).length === 0) throw badRequest('nothing to set: give --description, --keywords or --catid.');

  const row = getFileRowByPath(db, path);
  const batch = nextWriteBatch(db);
  try {
    await writeUndoably(db, { path, fileId: row?.id ?? null }, update, { batch, kind: 'edit' });
  } catch (error) {
    if (error instanceof MetadataWriteError) {
      const code = error.code === 'read-only' ? 'forbidden' : error.code === 'io' ? 'internal' : 'bad-request';
      throw new HarkError(code, `cannot write ${path}: ${error.message} (the file was left as it was)`);
    }
    throw error;
  }
  const fields = Object.keys(update);
  if (!row) return { fileId: null, fields, batch };
  await refreshRewrittenFile(db, row.id, path, category);
  saveCaption(db, personCaption(getCaption(db, row.id), row.id, update, category?.catId));
  return { fileId: row.id, fields, batch };
}

/** The person's caption: their fields over the current caption (or over nothing when the file had none). */
function personCaption(
  current: Caption | null,
  fileId: number,
  update: MetadataUpdate,
  catId: string | undefined,
): Caption {
  const now = Date.now();
  const base: Caption = current ?? blankCaption(fileId, 'person');
  return {
    ...base,
    description: update.description ?? base.description,
    keywords: update.keywords !== undefined ? splitKeywords(String(update.keywords)) : base.keywords,
    ...(catId ? { catId, catSource: 'person' as const, catConfidence: 1 } : {}),
    source: 'person',
    writtenAt: now,
  };
}

/** Why a category name was refused, with the entries it could have meant (a few of them). */
function notACategory(text: string, choices: UcsEntry[]): string {
  if (choices.length === 0)
    return `"${text}" is neither a UCS CatID nor a category name (e.g. DOORWood, or "DOORS WOOD").`;
  const shown = choices.slice(0, 8).map((entry) => `${entry.catId} (${categoryFull(entry)})`);
  const more = choices.length > shown.length ? `, and ${choices.length - shown.length} more` : '';
  return `"${text}" could be any of ${choices.length}: ${shown.join(', ')}${more}.`;
}
