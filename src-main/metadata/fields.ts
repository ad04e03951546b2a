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

/** Fields Hark writes, by normalised name. */
export type WrittenField = 'description' | 'keywords' | 'catId' | 'category' | 'subCategory';

// The probe's keys for the places writeMetadata puts each field (WAV bext and iXML, ID3 COMM / TXXX, Vorbis).
const WRITTEN_AT: Record<WrittenField, string[]> = {
  description: ['ixml.USER.DESCRIPTION', 'bext.Description', 'id3.comment', 'vorbis.DESCRIPTION'],
  keywords: ['ixml.USER.KEYWORDS', 'id3.TXXX:KEYWORDS', 'vorbis.KEYWORDS'],
  catId: ['ixml.USER.CATID', 'id3.TXXX:CATID', 'vorbis.CATID'],
  category: ['ixml.USER.CATEGORY', 'id3.TXXX:CATEGORY', 'vorbis.CATEGORY'],
  subCategory: ['ixml.USER.SUBCATEGORY', 'id3.TXXX:SUBCATEGORY', 'vorbis.SUBCATEGORY'],
};

/**
 * What a probed file holds where writeMetadata would write `field` ('' when nothing): the text an undo puts back.
 * Tool stamps count (a "Processed by SoX" description is no description to search, but it was the file's).
 */
export function writtenFieldText(metadata: Record<string, string>, field: WrittenField): string {
  const source = WRITTEN_AT[field].find((key) => Boolean(metadata[key]?.trim()));
  return source ? metadata[source]!.trim() : '';
}
