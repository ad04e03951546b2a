// The library's metadata as CSV (one row per file), for spreadsheets and other library tools.
import { toCsv, type CsvColumn } from '../metadata/csv';
import { lookupCatId } from '../metadata/ucs';
import { getCaption, type Caption } from '../store/captions';
import { autoTagsOf } from '../store/tags';
import type { Db } from '../store/database';
import { allFileRows, readMetadata } from '../store/files';
import { MIN_SUGGESTION_CONFIDENCE, ownCategory, suggestedCategory, type FileCategory } from '../store/file-category';
import type { CaptionVocabulary } from './caption-vocabulary';

export const CSV_COLUMNS: CsvColumn[] = [
  'path',
  'name',
  'duration',
  'format',
  { key: 'sampleRate', header: 'sample rate' },
  'channels',
  'description',
  'keywords',
  'catId',
  'category',
  'subcategory',
  // Where the category came from (filename, metadata, person, model) and, for the model's, how sure it was: a
  // library tool reading the CSV must be able to tell a guess from a fact.
  { key: 'categorySource', header: 'category source' },
  { key: 'categoryConfidence', header: 'category confidence' },
  { key: 'topTags', header: 'top tags' },
];
const TOP_TAGS = 5;

/**
 * The file's own text first (its metadata), then its caption; its own UCS category, then the caption's (a person's
 * or the model's suggestion).
 */
export function libraryCsv(db: Db, vocabulary: CaptionVocabulary): string {
  const files = allFileRows(db);
  const rows = files.map((file) => {
    const metadata = readMetadata(db, file.id);
    const caption = getCaption(db, file.id);
    const category =
      ownCategory(metadata, file.name, vocabulary.ucs) ?? captionCategory(db, file.id, caption, vocabulary);
    return {
      path: file.path,
      name: file.name,
      duration: file.duration === null ? '' : file.duration.toFixed(3),
      format: file.format,
      sampleRate: file.sample_rate === null ? '' : String(file.sample_rate),
      channels: file.channels === null ? '' : String(file.channels),
      description: metadata.description || caption?.description || '',
      keywords: metadata.keywords || caption?.keywords.join(', ') || '',
      catId: category?.catId ?? '',
      category: category?.category ?? '',
      subcategory: category?.subCategory ?? '',
      categorySource: category?.source ?? '',
      categoryConfidence: category ? category.confidence.toFixed(2) : '',
      topTags: autoTagsOf(db, file.id, 'audioset', TOP_TAGS)
        .map((tag) => tag.label)
        .join('; '),
    };
  });
  return toCsv(rows, CSV_COLUMNS);
}

/** A model's suggestion is exported only when confident enough to be used elsewhere (keywords, writing, renames). */
function captionCategory(
  db: Db,
  fileId: number,
  caption: Caption | null,
  vocabulary: CaptionVocabulary,
): FileCategory | null {
  if (!caption?.catId) {
    const suggested = suggestedCategory(db, fileId, vocabulary.ucs);
    return suggested && suggested.confidence >= MIN_SUGGESTION_CONFIDENCE ? suggested : null;
  }
  const confidence = caption.catConfidence ?? (caption.catSource === 'model' ? 0 : 1);
  if (caption.catSource === 'model' && confidence < MIN_SUGGESTION_CONFIDENCE) return null;
  const entry = vocabulary.ucs ? lookupCatId(vocabulary.ucs, caption.catId) : null;
  return {
    catId: caption.catId,
    category: entry?.category ?? '',
    subCategory: entry?.subCategory ?? '',
    source: caption.catSource ?? 'person',
    confidence,
  };
}
