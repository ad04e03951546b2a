import type { Caption, CategorySource, MeasuredCharacter, Segment } from '../api/contract';
import { refreshKeywordIndex } from './keyword-index';
import type { Db } from './database';

// The shapes are the contract's: a caption crosses to the CLI and the renderer as stored.
export type CatSource = CategorySource;
export type CaptionSegment = Segment;
export type { Caption, MeasuredCharacter };

interface CaptionRow {
  file_id: number;
  description: string;
  keywords: string;
  cat_id: string | null;
  cat_source: CatSource | null;
  cat_confidence: number | null;
  source: 'auto' | 'person';
  suggested_description: string;
  suggested_keywords: string;
  suggested_cat_id: string | null;
  segment_start: number | null;
  segment_end: number | null;
  segment_score: number | null;
  duration: number | null;
  loop: number | null;
  loop_score: number | null;
  loudness_lufs: number | null;
  peak_dbfs: number | null;
  centroid_hz: number | null;
  made_at: number;
  written_at: number | null;
}

// Keywords are stored the way files keep them (iXML KEYWORDS): one string, comma separated.
const joinKeywords = (keywords: readonly string[]) => keywords.join(', ');
export const splitKeywords = (text: string): string[] =>
  text
    .split(/[,;]/)
    .map((word) => word.trim())
    .filter(Boolean);

function fromRow(row: CaptionRow): Caption {
  return {
    fileId: row.file_id,
    description: row.description,
    keywords: splitKeywords(row.keywords),
    catId: row.cat_id,
    catSource: row.cat_source,
    catConfidence: row.cat_confidence,
    source: row.source,
    suggested: {
      description: row.suggested_description,
      keywords: splitKeywords(row.suggested_keywords),
      catId: row.suggested_cat_id,
    },
    segment:
      row.segment_start !== null && row.segment_end !== null
        ? { start: row.segment_start, end: row.segment_end, score: row.segment_score ?? 0 }
        : null,
    measured: {
      duration: row.duration,
      loop: row.loop === null ? null : row.loop === 1,
      loopScore: row.loop_score,
      loudnessLufs: row.loudness_lufs,
      peakDbfs: row.peak_dbfs,
      centroidHz: row.centroid_hz,
    },
    madeAt: row.made_at,
    writtenAt: row.written_at,
  };
}

export function getCaption(db: Db, fileId: number): Caption | null {
  const row = db.prepare('SELECT * FROM captions WHERE file_id = ?').get(fileId) as CaptionRow | undefined;
  return row ? fromRow(row) : null;
}

export function saveCaption(db: Db, caption: Caption): void {
  db.prepare(
    `INSERT OR REPLACE INTO captions (file_id, description, keywords, cat_id, cat_source, cat_confidence, source,
       suggested_description, suggested_keywords, suggested_cat_id, segment_start, segment_end, segment_score,
       duration, loop, loop_score, loudness_lufs, peak_dbfs, centroid_hz, made_at, written_at)
     VALUES (@fileId, @description, @keywords, @catId, @catSource, @catConfidence, @source,
       @suggestedDescription, @suggestedKeywords, @suggestedCatId, @segmentStart, @segmentEnd, @segmentScore,
       @duration, @loop, @loopScore, @loudnessLufs, @peakDbfs, @centroidHz, @madeAt, @writtenAt)`,
  ).run({
    fileId: caption.fileId,
    description: caption.description,
    keywords: joinKeywords(caption.keywords),
    catId: caption.catId,
    catSource: caption.catSource,
    catConfidence: caption.catConfidence,
    source: caption.source,
    suggestedDescription: caption.suggested.description,
    suggestedKeywords: joinKeywords(caption.suggested.keywords),
    suggestedCatId: caption.suggested.catId,
    segmentStart: caption.segment?.start ?? null,
    segmentEnd: caption.segment?.end ?? null,
    segmentScore: caption.segment?.score ?? null,
    duration: caption.measured.duration,
    loop: caption.measured.loop === null ? null : caption.measured.loop ? 1 : 0,
    loopScore: caption.measured.loopScore,
    loudnessLufs: caption.measured.loudnessLufs,
    peakDbfs: caption.measured.peakDbfs,
    centroidHz: caption.measured.centroidHz,
    madeAt: caption.madeAt,
    writtenAt: caption.writtenAt,
  });
  refreshKeywordIndex(db, caption.fileId);
}

/** Forgets a file's caption (undoing the person's edit that made the file's first one). */
export function deleteCaption(db: Db, fileId: number): void {
  db.prepare('DELETE FROM captions WHERE file_id = ?').run(fileId);
  refreshKeywordIndex(db, fileId);
}

export function markCaptionWritten(db: Db, fileId: number, at = Date.now()): void {
  db.prepare('UPDATE captions SET written_at = ? WHERE file_id = ?').run(at, fileId);
}

/** Files a caption pass should look at: analysed ones at or below `folder` (all when null), with their caption age. */
export function captionCandidates(
  db: Db,
  folder: string | null,
): { id: number; path: string; analysedAt: number | null; madeAt: number | null }[] {
  const trimmed = folder === null ? null : folder.replace(/[\\/]+$/, '');
  const rows = db
    .prepare(
      `SELECT f.id, f.path, f.analysed_at AS analysedAt, c.made_at AS madeAt
       FROM files f LEFT JOIN captions c ON c.file_id = f.id
       WHERE f.status = 'analysed' AND (@folder IS NULL OR f.folder = @folder OR f.folder LIKE @prefix ESCAPE '\\')
       ORDER BY f.path`,
    )
    .all({ folder: trimmed, prefix: trimmed === null ? null : `${escapeLike(trimmed)}/%` });
  return rows as { id: number; path: string; analysedAt: number | null; madeAt: number | null }[];
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * After Hark rewrote a file's tags: its new size, mtime and content hash, so the next scan sees it as unchanged and
 * keeps its analysis (a changed size would otherwise make the catalogue pass analyse it again).
 */
export function recordRewrittenFile(
  db: Db,
  fileId: number,
  stat: { size: number; mtimeMs: number; quickHash: string },
): void {
  db.prepare('UPDATE files SET size = ?, mtime_ms = ?, quick_hash = ? WHERE id = ?').run(
    stat.size,
    Math.trunc(stat.mtimeMs),
    stat.quickHash,
    fileId,
  );
}

/**
 * A caption no caption pass made, for a person's text to go on: madeAt 0, so the next pass still measures the file
 * (and keeps the person's text).
 */
export function blankCaption(fileId: number, source: Caption['source']): Caption {
  return {
    fileId,
    description: '',
    keywords: [],
    catId: null,
    catSource: null,
    catConfidence: null,
    source,
    suggested: { description: '', keywords: [], catId: null },
    segment: null,
    measured: { duration: null, loop: null, loopScore: null, loudnessLufs: null, peakDbfs: null, centroidHz: null },
    madeAt: 0,
    writtenAt: null,
  };
}
