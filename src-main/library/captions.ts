// Auto-captions: for each analysed file, offline, a short description and keywords from its auto-tags, a UCS
// category, the best segment of a long file and its measured character. Stored in the captions table; written into
// the files only when asked, and never over what a person wrote unless told to.
import type { CaptionProgress, CaptionRunResult as ContractRunResult } from '../api/contract';
import { errorMessage } from '../base/errors';
import type { MetadataUpdate } from '../metadata/types';
import { lookupCatId } from '../metadata/ucs';
import { loadWindows } from '../store/analysis';
import {
  captionCandidates,
  getCaption,
  markCaptionWritten,
  saveCaption,
  splitKeywords,
  type Caption,
} from '../store/captions';
import { autoTagsOf } from '../store/tags';
import type { Db } from '../store/database';
import { getFileRow, readMetadata } from '../store/files';
import { measureCharacter } from './caption-measure';
import { refreshRewrittenFile } from './caption-refresh';
import { bestSegment } from './caption-segment';
import { captionText } from './caption-text';
import { MIN_SUGGESTION_CONFIDENCE, ownCategory, suggestedCategory, type FileCategory } from '../store/file-category';
import type { CaptionVocabulary } from './caption-vocabulary';
import { nextWriteBatch, writeUndoably } from './undoable-writes';

const TAGS_CONSIDERED = 10;

export interface CaptionOptions {
  vocabulary: CaptionVocabulary;
  /** Replace a person's caption (and a person's text in the file when writing). */
  overwrite?: boolean;
  /** Told as each caption is stored, with the one it replaced (the shared catalogue hears of a person's replaced). */
  onSaved?: (before: Caption | null, after: Caption) => void;
}

/** Makes (or remakes) one file's caption and stores it. Decodes the file once to measure it. */
export async function captionFile(db: Db, fileId: number, options: CaptionOptions): Promise<Caption> {
  const row = getFileRow(db, fileId);
  if (!row) throw new Error(`no file with id ${fileId}`);
  const metadata = readMetadata(db, fileId);
  const tags = autoTagsOf(db, fileId, 'audioset', TAGS_CONSIDERED);
  const table = options.vocabulary.ucs;
  const own = ownCategory(metadata, row.name, table);
  const suggested = suggestedCategory(db, fileId, table);
  const confident = suggested && suggested.confidence >= MIN_SUGGESTION_CONFIDENCE ? suggested : null;

  const measured = await measureCharacter(row.path);
  const topIndex = tags[0] ? options.vocabulary.audioset?.indexOf(tags[0].label) : undefined;
  const segment = bestSegment(loadWindows(db, fileId), topIndex);
  const text = captionText(tags, measured, own ?? confident, options.vocabulary.audioset);

  const existing = getCaption(db, fileId);
  const base: Caption = {
    fileId,
    description: text.description,
    keywords: text.keywords,
    // A weak suggestion is no category (MIN_SUGGESTION_CONFIDENCE): kept only as Hark's suggestion below.
    ...categoryFields(own ?? confident),
    source: 'auto',
    suggested: { description: text.description, keywords: text.keywords, catId: suggested?.catId ?? null },
    segment,
    measured: {
      duration: measured.duration,
      loop: measured.loop,
      loopScore: measured.loopScore,
      loudnessLufs: measured.loudnessLufs,
      peakDbfs: measured.peakDbfs,
      centroidHz: measured.centroidHz,
    },
    madeAt: Date.now(),
    writtenAt: existing?.writtenAt ?? null,
  };
  let caption = base;
  const personFile = isPersonText(metadata, 'description', existing);
  if (!options.overwrite && (existing?.source === 'person' || personFile)) {
    // A person's caption stays: the file's own text first (what they wrote, here or in another tool), then what
    // they set through Hark. Only Hark's suggestion and the measurements are renewed.
    const keptCategory = existing?.source === 'person' && existing.catSource === 'person';
    caption = {
      ...base,
      description: metadata.description?.trim() || existing?.description || '',
      keywords: metadata.keywords?.trim() ? splitKeywords(metadata.keywords) : (existing?.keywords ?? []),
      ...(keptCategory
        ? { catId: existing.catId, catSource: existing.catSource, catConfidence: existing.catConfidence }
        : {}),
      source: 'person',
    };
  }
  saveCaption(db, caption);
  options.onSaved?.(existing, caption);
  return caption;
}

function categoryFields(category: FileCategory | null): Pick<Caption, 'catId' | 'catSource' | 'catConfidence'> {
  return category
    ? { catId: category.catId, catSource: category.source, catConfidence: category.confidence }
    : { catId: null, catSource: null, catConfidence: null };
}

/**
 * True when the file's own `field` holds text that is not what Hark last wrote there: a person's (or another
 * tool's) words, which Hark never replaces without being told to.
 */
export function isPersonText(
  metadata: Record<string, string>,
  field: 'description' | 'keywords',
  existing: Caption | null,
): boolean {
  const value = metadata[field]?.trim();
  if (!value) return false;
  if (!existing || existing.source !== 'auto' || existing.writtenAt === null) return true;
  const ours = field === 'description' ? existing.description : existing.keywords.join(', ');
  return value !== ours.trim();
}

export type WriteOutcome = { written: true; fields: string[] } | { written: false; reason: string };

/**
 * Writes a file's caption into the file (bext + iXML USER, ID3 or Vorbis comments): description, keywords and UCS
 * category, each only where the file has no person's text for it (or `overwrite`). Then refreshes the library's
 * record of the file. A file that cannot be written is left untouched and the reason returned.
 */
export async function writeCaption(
  db: Db,
  fileId: number,
  /**
   * `previous`: the caption before this pass remade it, i.e. what Hark last wrote; defaults to the stored one.
   * `batch`: the undo batch the write is recorded under (a new one when absent).
   */
  options: CaptionOptions & { previous?: Caption | null; batch?: number },
): Promise<WriteOutcome> {
  const row = getFileRow(db, fileId);
  const caption = getCaption(db, fileId);
  if (!row || !caption) return { written: false, reason: 'no caption' };
  if (caption.source === 'person') return { written: false, reason: "a person's caption (already in the file)" };
  const metadata = readMetadata(db, fileId);
  const previous = options.previous === undefined ? caption : options.previous;
  const update: MetadataUpdate = {};
  const free = (field: 'description' | 'keywords') => options.overwrite || !isPersonText(metadata, field, previous);
  if (caption.description && metadata.description !== caption.description && free('description')) {
    update.description = caption.description;
  }
  const keywords = caption.keywords.join(', ');
  if (keywords && metadata.keywords !== keywords && free('keywords')) update.keywords = keywords;
  const entry = caption.catId && options.vocabulary.ucs ? lookupCatId(options.vocabulary.ucs, caption.catId) : null;
  const trusted = caption.catSource !== 'model' || (caption.catConfidence ?? 0) >= MIN_SUGGESTION_CONFIDENCE;
  if (entry && trusted && metadata.catId !== entry.catId && (!metadata.catId || options.overwrite)) {
    Object.assign(update, { catId: entry.catId, category: entry.category, subCategory: entry.subCategory });
  }
  const fields = Object.keys(update);
  if (fields.length === 0) return { written: false, reason: 'nothing new to write' };
  try {
    await writeUndoably(db, { path: row.path, fileId }, update, {
      batch: options.batch ?? nextWriteBatch(db),
      kind: 'caption',
    });
  } catch (error) {
    return { written: false, reason: errorMessage(error) };
  }
  await refreshRewrittenFile(db, fileId, row.path, update.catId ? entry! : undefined);
  markCaptionWritten(db, fileId);
  return { written: true, fields };
}

export type { CaptionProgress };

export interface CaptionRunOptions extends CaptionOptions {
  /** Only files at or below this folder; the whole library when absent. */
  folder?: string | null;
  /** Also write each caption into its file. */
  write?: boolean;
  onProgress?: (progress: CaptionProgress) => void;
  shouldStop?: () => boolean;
}

/** The counts of a run (and its undo batch); the service adds the captions themselves. */
export type CaptionRunResult = Omit<ContractRunResult, 'captions'>;

/**
 * Captions every analysed file under `folder` whose caption is missing or older than its analysis (all of them
 * with `overwrite`), and with `write` writes captions not yet in their files.
 */
export async function captionLibrary(db: Db, options: CaptionRunOptions): Promise<CaptionRunResult> {
  const candidates = captionCandidates(db, options.folder ?? null);
  const result: CaptionRunResult = {
    files: candidates.length,
    captioned: 0,
    upToDate: 0,
    person: 0,
    written: 0,
    failed: [],
    notWritten: [],
    writeBatch: null,
  };
  let done = 0;
  for (const file of candidates) {
    if (options.shouldStop?.()) break;
    const previous = getCaption(db, file.id);
    const stale = previous === null || options.overwrite || (file.analysedAt ?? 0) > (file.madeAt ?? 0);
    let caption = previous;
    if (stale) {
      try {
        caption = await captionFile(db, file.id, options);
        result.captioned++;
      } catch (error) {
        result.failed.push({ path: file.path, reason: errorMessage(error) });
        options.onProgress?.({ done: ++done, total: candidates.length, path: file.path });
        continue;
      }
    } else {
      result.upToDate++;
    }
    if (caption?.source === 'person') result.person++;
    const unwritten = caption && (caption.writtenAt === null || caption.writtenAt < caption.madeAt);
    if (options.write && caption?.source === 'auto' && (unwritten || options.overwrite)) {
      // Every file this run writes is one batch: one undo takes the whole run back.
      const batch = (result.writeBatch ??= nextWriteBatch(db));
      const outcome = await writeCaption(db, file.id, { ...options, previous, batch });
      if (outcome.written) result.written++;
      else if (outcome.reason !== 'nothing new to write')
        result.notWritten.push({ path: file.path, reason: outcome.reason });
    }
    options.onProgress?.({ done: ++done, total: candidates.length, path: file.path });
  }
  if (result.written === 0) result.writeBatch = null;
  return result;
}
