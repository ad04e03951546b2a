// A person's caption and UCS category of a shared file, between this library and the shared catalogue: what a
// person's edit (or its undo) changed, as the changes the server takes, and another seat's change kept here. Hark's
// own captions are not shared: each seat makes them from the shared analysis.
import { lookupCatId, type UcsTable } from '../metadata/ucs';
import { blankCaption, deleteCaption, getCaption, saveCaption, type Caption } from '../store/captions';
import type { Db } from '../store/database';
import { fileCategory } from '../store/file-category';
import { readMetadata, replaceMetadata } from '../store/files';
import { refreshKeywordIndex } from '../store/keyword-index';
import type { CaptionEdit, PersonCaption, PersonCategory } from '../store/shared/caption-changes';

/** What of a file's caption is a person's: its text (source 'person') and its category (catSource 'person'). */
export interface PersonCaptionState {
  caption: PersonCaption | null;
  category: PersonCategory | null;
}

export function personCaptionState(db: Db, fileId: number, table: UcsTable | null): PersonCaptionState {
  return personStateOf(db, getCaption(db, fileId), table);
}

/** personCaptionState of a caption in hand (the one a caption pass is replacing). */
export function personStateOf(db: Db, caption: Caption | null, table: UcsTable | null): PersonCaptionState {
  const fileId = caption?.fileId ?? 0;
  return {
    caption: caption?.source === 'person' ? { description: caption.description, keywords: caption.keywords } : null,
    category: caption?.catSource === 'person' && caption.catId ? named(db, fileId, caption.catId, table) : null,
  };
}

/** A CatID with its names: from the UCS table, else from the library's record of the file's category. */
function named(db: Db, fileId: number, catId: string, table: UcsTable | null): PersonCategory {
  const entry = table ? lookupCatId(table, catId) : null;
  if (entry) return { catId: entry.catId, category: entry.category, subCategory: entry.subCategory };
  const metadata = readMetadata(db, fileId);
  const same = metadata['ucs.catId'] === catId;
  return {
    catId,
    category: same ? (metadata['ucs.category'] ?? '') : '',
    subCategory: same ? (metadata['ucs.subCategory'] ?? '') : '',
  };
}

/** The changes that take a file's person caption and category from `before` to `after`: the caption's first. */
export function captionEditsBetween(before: PersonCaptionState, after: PersonCaptionState): CaptionEdit[] {
  const edits: CaptionEdit[] = [];
  if (JSON.stringify(before.caption) !== JSON.stringify(after.caption))
    edits.push({ kind: 'caption', caption: after.caption });
  if (JSON.stringify(before.category) !== JSON.stringify(after.category))
    edits.push({ kind: 'category', category: after.category });
  return edits;
}

/**
 * Another seat's change of a file's person caption or category, kept in this library as that seat's edit left it.
 * Nothing is written into the file: the seat that made the edit wrote it, into the same file on the shared root. A
 * cleared caption gives Hark's own suggestion back; a caption that was only ever a person's goes.
 */
export function applySharedCaption(db: Db, fileId: number, edit: CaptionEdit): void {
  const current = getCaption(db, fileId);
  let next: Caption;
  if (edit.kind === 'caption') {
    if (edit.caption) next = { ...(current ?? blankCaption(fileId, 'auto')), ...edit.caption, source: 'person' };
    else if (current?.source === 'person')
      next = {
        ...current,
        description: current.suggested.description,
        keywords: current.suggested.keywords,
        source: 'auto',
      };
    else return;
  } else {
    recordCategory(db, fileId, edit.category);
    if (edit.category)
      next = {
        ...(current ?? blankCaption(fileId, 'auto')),
        catId: edit.category.catId,
        catSource: 'person',
        catConfidence: 1,
      };
    else if (current?.catSource === 'person') {
      // The category it had before the person's: the file's own, else a confident suggestion (as a caption pass).
      const own = fileCategory(db, fileId, null);
      next = {
        ...current,
        catId: own?.catId ?? null,
        catSource: own?.source ?? null,
        catConfidence: own?.confidence ?? null,
      };
    } else return;
  }
  // Never made by a caption pass (madeAt 0) and no longer a person's in any part: the file has no caption.
  if (next.madeAt === 0 && next.source !== 'person' && next.catSource !== 'person') deleteCaption(db, fileId);
  else saveCaption(db, next);
}

/**
 * The library's record of the file's category (the `ucs.*` keys), as the editing seat's is after it wrote the
 * category into the file: from its metadata, unless the file's name says one (names win). Cleared, the keys that
 * came from the metadata go.
 */
function recordCategory(db: Db, fileId: number, category: PersonCategory | null): void {
  const metadata = readMetadata(db, fileId);
  if (metadata['ucs.source'] === 'filename') return;
  if (category) {
    metadata['ucs.catId'] = category.catId;
    metadata['ucs.category'] = category.category;
    metadata['ucs.subCategory'] = category.subCategory;
    metadata['ucs.source'] = 'metadata';
  } else if (metadata['ucs.source'] === 'metadata') {
    for (const key of Object.keys(metadata)) if (key.startsWith('ucs.')) delete metadata[key];
  } else return;
  replaceMetadata(db, fileId, metadata);
  refreshKeywordIndex(db, fileId);
}
