// Where each writable field goes in each tag system. One table, so reading (normalise.ts) and
// writing agree on names.
import { keywordText } from './text';
import type { MetadataUpdate } from './types';

/** iXML USER element names (Soundminer / REAPER / UCS usage). */
export function ixmlUserFields(update: MetadataUpdate): Record<string, string> {
  const out: Record<string, string> = {};
  if (update.catId !== undefined) out.CATID = update.catId;
  if (update.category !== undefined) out.CATEGORY = update.category;
  if (update.subCategory !== undefined) out.SUBCATEGORY = update.subCategory;
  if (update.category !== undefined && update.subCategory !== undefined) {
    // UCS CategoryFull is "CATEGORY-SUBCATEGORY", e.g. DOORS-WOOD.
    out.CATEGORYFULL = update.category && update.subCategory ? `${update.category}-${update.subCategory}` : '';
  }
  if (update.fxName !== undefined) out.FXNAME = update.fxName;
  if (update.description !== undefined) out.DESCRIPTION = update.description;
  if (update.keywords !== undefined) out.KEYWORDS = keywordText(update.keywords);
  return out;
}

/** Vorbis comment keys (FLAC). */
export function vorbisFields(update: MetadataUpdate): Record<string, string> {
  const out: Record<string, string> = {};
  if (update.fxName !== undefined) out.TITLE = update.fxName;
  if (update.description !== undefined) out.DESCRIPTION = update.description;
  if (update.keywords !== undefined) out.KEYWORDS = keywordText(update.keywords);
  if (update.catId !== undefined) out.CATID = update.catId;
  if (update.category !== undefined) out.CATEGORY = update.category;
  if (update.subCategory !== undefined) out.SUBCATEGORY = update.subCategory;
  return out;
}

/** ID3 TXXX descriptions Hark writes (description goes to COMM, fxName to TIT2). */
export function id3UserTextFields(update: MetadataUpdate): Record<string, string> {
  const out: Record<string, string> = {};
  if (update.keywords !== undefined) out.KEYWORDS = keywordText(update.keywords);
  if (update.catId !== undefined) out.CATID = update.catId;
  if (update.category !== undefined) out.CATEGORY = update.category;
  if (update.subCategory !== undefined) out.SUBCATEGORY = update.subCategory;
  return out;
}

export function isEmptyUpdate(update: MetadataUpdate): boolean {
  return Object.values(update).every((v) => v === undefined);
}
