// A file's UCS category: its own (read from its name or metadata) or the model's suggestion. A CatID is always
// looked up in the UCS table, never assembled from names.
import { lookupCatId, parseUcsName, type UcsTable } from '../metadata/ucs';
import type { CatSource } from './captions';
import { autoTagsOf, bestUcsTags } from './tags';
import type { Db } from './database';
import { getFileRow, readMetadata, readMetadataOf } from './files';

/**
 * Below this confidence a model's UCS suggestion is not shown, used for keywords, written, exported or renamed by
 * (unless asked for with a lower --min-confidence): the file is "uncategorised". Calibrated with
 * eval/ucs-precision.ts on the 102 dev-library files (68 distinct sounds) whose names carry a person's CatID: the
 * suggestion's category is right for 24/102 overall (95% Wilson interval 0.16-0.33), 15/47 at >= 0.3, 4/9 at >= 0.5,
 * and 3/4 at >= 0.6 (0.30-0.95; 3 distinct sounds), the lowest confidence right at least 3 times in 4. So few files
 * pass it that the measurement cannot tell 0.5 from 0.6 apart: the suggestion is weak, and being silent beats being
 * wrong.
 */
export const MIN_SUGGESTION_CONFIDENCE = 0.6;

export interface FileCategory {
  catId: string;
  category: string;
  subCategory: string;
  source: CatSource;
  /** 1 for a file's own category; the model's confidence for a suggestion. */
  confidence: number;
}

/**
 * The category the file itself carries: the `ucs.*` keys the catalogue records, else a UCS file name, else a CatID
 * in its metadata (iXML USER CATID, ID3/Vorbis CATID, normalised to `catId`). Null when it has none.
 */
export function ownCategory(
  metadata: Record<string, string>,
  fileName: string,
  table: UcsTable | null,
): FileCategory | null {
  const recorded = metadata['ucs.catId'];
  if (recorded) {
    const entry = table ? lookupCatId(table, recorded) : null;
    return {
      catId: entry?.catId ?? recorded,
      category: metadata['ucs.category'] ?? entry?.category ?? '',
      subCategory: metadata['ucs.subCategory'] ?? entry?.subCategory ?? '',
      source: metadata['ucs.source'] === 'metadata' ? 'metadata' : 'filename',
      confidence: 1,
    };
  }
  if (!table) return null;
  const named = parseUcsName(fileName, table);
  // Only a CatID spelt as UCS spells it is the namer's statement: "rain_0001.wav" or "beep_440.wav" use an ordinary
  // word that happens to be a CatID in another case, and stating RAIN or BEEP as fact at full confidence was wrong.
  if (named?.exactCase)
    return {
      catId: named.catId,
      category: named.category,
      subCategory: named.subCategory,
      source: 'filename',
      confidence: 1,
    };
  const tagged = metadata.catId ? lookupCatId(table, metadata.catId) : null;
  if (tagged)
    return {
      catId: tagged.catId,
      category: tagged.category,
      subCategory: tagged.subCategory,
      source: 'metadata',
      confidence: 1,
    };
  return null;
}

/** The model's best UCS suggestion from the file's auto-tags, named from the table when it is installed. */
export function suggestedCategory(db: Db, fileId: number, table: UcsTable | null): FileCategory | null {
  return suggestion(autoTagsOf(db, fileId, 'ucs', 1)[0], table);
}

function suggestion(best: { label: string; score: number } | undefined, table: UcsTable | null): FileCategory | null {
  if (!best) return null;
  const entry = table ? lookupCatId(table, best.label) : null;
  if (table && !entry) return null; // a CatID the table does not know is no suggestion
  return {
    catId: entry?.catId ?? best.label,
    category: entry?.category ?? '',
    subCategory: entry?.subCategory ?? '',
    source: 'model',
    confidence: best.score,
  };
}

/**
 * The `ucs.*` metadata keys for a file name after a rename: set from a UCS name, removed when the name carries none
 * (keys that came from the file's metadata stay). Returns the keys to write; null means "delete the name-derived keys".
 * The same rule as ownCategory: a CatID spelt in another case ("rain_0001.wav") is no statement, or undoing a rename
 * back to such a name would state RAIN at full confidence again.
 */
export function ucsKeysForName(fileName: string, table: UcsTable): Record<string, string> | null {
  const named = parseUcsName(fileName, table);
  if (!named?.exactCase) return null;
  return {
    'ucs.catId': named.catId,
    'ucs.category': named.category,
    'ucs.subCategory': named.subCategory,
    'ucs.source': 'filename',
  };
}

/** A file's category: its own, else the model's suggestion. The one answer every part of Hark shows. */
export function fileCategory(db: Db, fileId: number, table: UcsTable | null): FileCategory | null {
  const row = getFileRow(db, fileId);
  if (!row) return null;
  return ownCategory(readMetadata(db, fileId), row.name, table) ?? trusted(suggestedCategory(db, fileId, table));
}

/** A model suggestion confident enough to be shown as the file's category (MIN_SUGGESTION_CONFIDENCE); else null. */
export function trusted(suggestion: FileCategory | null): FileCategory | null {
  return suggestion && suggestion.confidence >= MIN_SUGGESTION_CONFIDENCE ? suggestion : null;
}

/** fileCategory for several files (a result page) in three statements instead of three per file. */
export function fileCategories(
  db: Db,
  files: readonly { id: number; name: string }[],
  table: UcsTable | null,
): Map<number, FileCategory | null> {
  const ids = files.map((file) => file.id);
  const metadata = readMetadataOf(db, ids);
  const suggestions = bestUcsTags(db, ids);
  return new Map(
    files.map((file) => [
      file.id,
      ownCategory(metadata.get(file.id)!, file.name, table) ?? trusted(suggestion(suggestions.get(file.id), table)),
    ]),
  );
}
