// The few normalised keys search and the UI use, chosen from whichever tag system holds them.
// Order follows the iXML guidelines: iXML first, then bext, then the general-purpose tags.
import { isToolStamp } from './tool-stamps';

const SOURCES: Record<string, string[]> = {
  title: ['ixml.USER.TRACKTITLE', 'ixml.USER.FXNAME', 'info.INAM', 'id3.title', 'vorbis.TITLE', 'aiff.NAME'],
  description: [
    'ixml.USER.DESCRIPTION',
    'bext.Description',
    'info.ICMT',
    'id3.comment',
    'id3.TXXX:DESCRIPTION',
    'vorbis.DESCRIPTION',
    'vorbis.COMMENT',
    'aiff.ANNO',
  ],
  keywords: ['ixml.USER.KEYWORDS', 'info.IKEY', 'id3.TXXX:KEYWORDS', 'vorbis.KEYWORDS'],
  // Genre is the last resort: several library tools store the category there.
  category: ['ixml.USER.CATEGORY', 'id3.TXXX:CATEGORY', 'vorbis.CATEGORY', 'info.IGNR', 'id3.genre', 'vorbis.GENRE'],
  subCategory: ['ixml.USER.SUBCATEGORY', 'id3.TXXX:SUBCATEGORY', 'vorbis.SUBCATEGORY'],
  catId: ['ixml.USER.CATID', 'id3.TXXX:CATID', 'vorbis.CATID'],
};

/** Adds `title`, `description`, `keywords`, `category`, `subCategory`, `catId` where a source has them. */
export function addNormalisedKeys(metadata: Record<string, string>): Record<string, string> {
  for (const [key, sources] of Object.entries(SOURCES)) {
    // A program's stamp ("Processed by SoX") is left in its raw key but never becomes the file's description.
    const usable = (s: string) => Boolean(metadata[s]?.trim()) && !(key === 'description' && isToolStamp(metadata[s]!));
    const source = sources.find(usable);
    if (source) metadata[key] = metadata[source]!.trim();
  }
  return metadata;
}
