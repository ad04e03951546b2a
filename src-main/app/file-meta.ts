// `meta get` / `meta set`: a file's own tags read from (or written into) the file, with what the library knows.
import { existsSync } from 'node:fs';
import type { FileMeta, LibraryView, MetaEdit, MetaEditResult } from '../api/contract';
import { HarkError, notFound } from '../base/errors';
import { applyPersonEdit } from '../library/caption-edit';
import type { CaptionVocabulary } from '../library/caption-vocabulary';
import { ProbeError, probeFile } from '../metadata/probe';
import { getCaption } from '../store/captions';
import type { Db } from '../store/database';
import { ownCategory, suggestedCategory, trusted } from '../store/file-category';
import { getFileRowByPath, readMetadata } from '../store/files';
import { autoTags, userTags } from '../store/tags';
import { absolutePath } from './request-paths';

export async function readFileMeta(db: Db, vocabulary: CaptionVocabulary, path: string): Promise<FileMeta> {
  const file = existingFile(path);
  let probe;
  try {
    probe = await probeFile(file);
  } catch (error) {
    if (error instanceof ProbeError) throw new HarkError('bad-request', `cannot read ${file}: ${error.message}`);
    throw error;
  }
  return { path: file, ...probe, library: libraryView(db, file, vocabulary) };
}

export function writeFileMeta(
  db: Db,
  vocabulary: CaptionVocabulary,
  path: string,
  edit: MetaEdit,
): Promise<MetaEditResult> {
  const file = existingFile(path);
  return applyPersonEdit(
    db,
    file,
    { description: edit.description, keywords: edit.keywords, catId: edit.catId },
    vocabulary.ucs,
  );
}

function existingFile(path: string): string {
  const file = absolutePath(path, 'path');
  if (!existsSync(file)) throw notFound(`${file} does not exist.`);
  return file;
}

function libraryView(db: Db, path: string, vocabulary: CaptionVocabulary): LibraryView | null {
  const row = getFileRowByPath(db, path);
  if (!row) return null;
  const metadata = readMetadata(db, row.id);
  return {
    id: row.id,
    status: row.status,
    metadata,
    tags: autoTags(db, row.id, 12),
    userTags: userTags(db, row.id),
    ucs: ownCategory(metadata, row.name, vocabulary.ucs) ?? trusted(suggestedCategory(db, row.id, vocabulary.ucs)),
    caption: getCaption(db, row.id),
  };
}
