// `findDuplicates` and `keepDuplicate`: what a person reviews, and the choice recorded in the library. Keeping one
// file never deletes or changes any file on disk: the others go into the "Duplicates to remove" collection, for the
// person to deal with in their own file manager.
import {
  DUPLICATES_COLLECTION,
  type DuplicatesRequest,
  type DuplicatesResult,
  type KeepDuplicateRequest,
  type KeepDuplicateResult,
} from '../api/contract';
import { badRequest, notFound } from '../base/errors';
import { findDuplicates } from '../library/duplicates/find-duplicates';
import * as collections from '../store/collections';
import type { Db } from '../store/database';
import { fileIdsInCollectionNamed } from '../store/duplicates';
import { getFileRows } from '../store/files';
import { absolutePath } from './request-paths';

export async function findLibraryDuplicates(db: Db, request: DuplicatesRequest): Promise<DuplicatesResult> {
  return findDuplicates(db, {
    folder: request.folder ? absolutePath(request.folder, 'folder') : null,
    kind: request.kind ?? null,
  });
}

export function keepDuplicate(db: Db, { keep, fileIds }: KeepDuplicateRequest): KeepDuplicateResult {
  const others = [...new Set(fileIds)].filter((id) => id !== keep);
  if (others.length === 0) throw badRequest('fileIds must name at least one file besides the one to keep');
  const known = getFileRows(db, [keep, ...others]);
  const missing = [keep, ...others].find((id) => !known.has(id));
  if (missing !== undefined) throw notFound(`No file with id ${missing}.`);
  const before = fileIdsInCollectionNamed(db, DUPLICATES_COLLECTION);
  const collection = collections.createCollection(db, DUPLICATES_COLLECTION);
  collections.addToCollection(db, collection.id, others);
  // Changing one's mind: the file now kept leaves the collection if an earlier choice had put it there.
  collections.removeFromCollection(db, collection.id, [keep]);
  return {
    collection: collections.getCollection(db, collection.id)!,
    marked: others.filter((id) => !before.has(id)),
  };
}
