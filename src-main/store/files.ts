import type { AnalysisStatus, AudioFormat, FileSummary } from '../api/contract';
import type { FileProbe } from '../metadata/types';
import type { Db } from './database';
import { stmt } from './statements';
import { refreshKeywordIndex } from './keyword-index';
import type { VersionList } from './matrix';

/** What the catalogue pass knows about a file without decoding it: where it is, plus what its headers say. */
export interface CatalogueEntry extends FileProbe {
  rootId: number;
  path: string;
  name: string;
  folder: string;
  ext: string;
  size: number;
  mtimeMs: number;
  quickHash: string | null;
}

export interface FileRow {
  id: number;
  root_id: number;
  path: string;
  name: string;
  folder: string;
  ext: string;
  size: number;
  mtime_ms: number;
  quick_hash: string | null;
  format: AudioFormat;
  codec: string | null;
  duration: number | null;
  sample_rate: number | null;
  channels: number | null;
  bit_depth: number | null;
  status: AnalysisStatus;
  error_stage: string | null;
  error: string | null;
  analysis_key: string | null;
  analysed_at: number | null;
  favourite: number;
  seen_scan: number;
  /** Measured by `hark caption` (captions table); present on rows read by getFileRow(s). */
  loudness_lufs?: number | null;
}

export function toSummary(row: FileRow): FileSummary {
  return {
    id: row.id,
    path: row.path,
    name: row.name,
    folder: row.folder,
    format: row.format,
    size: row.size,
    duration: row.duration,
    sampleRate: row.sample_rate,
    channels: row.channels,
    bitDepth: row.bit_depth,
    status: row.status,
    favourite: row.favourite === 1,
    modifiedMs: row.mtime_ms,
    loudnessLufs: row.loudness_lufs ?? null,
  };
}

/** A file's row with its measured loudness (captions), which its summary carries: as getFileRows reads them. */
const ROW_WITH_LOUDNESS = 'SELECT f.*, c.loudness_lufs FROM files f LEFT JOIN captions c ON c.file_id = f.id';

export function getFileRow(db: Db, id: number): FileRow | undefined {
  return stmt(db, `${ROW_WITH_LOUDNESS} WHERE f.id = ?`).get(id) as FileRow | undefined;
}

export function getFileRowByPath(db: Db, path: string): FileRow | undefined {
  return stmt(db, `${ROW_WITH_LOUDNESS} WHERE f.path = ?`).get(path) as FileRow | undefined;
}

/** Every file of the library, in path order. */
export function allFileRows(db: Db): FileRow[] {
  return stmt(db, 'SELECT * FROM files ORDER BY path').all() as FileRow[];
}

export function getFileRows(db: Db, ids: readonly number[]): Map<number, FileRow> {
  // One statement for the whole list (a result page, or every hit to sort): a statement per file cost ~6x more.
  // With the measured loudness, which result rows can show as a column.
  const rows = stmt(db, `${ROW_WITH_LOUDNESS} WHERE f.id IN (SELECT value FROM json_each(?))`).all(
    JSON.stringify(ids),
  ) as FileRow[];
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Inserts a new file or refreshes a known one. A file whose size or mtime changed loses its analysis and is
 * analysed again; an unchanged one keeps everything.
 */
export function upsertCatalogued(db: Db, entry: CatalogueEntry, scanId: number): number {
  return db.transaction(() => {
    const existing = getFileRowByPath(db, entry.path);
    let id: number;
    if (!existing) {
      id = Number(
        stmt(
          db,
          `INSERT INTO files (root_id, path, name, folder, ext, size, mtime_ms, quick_hash, format, codec, duration,
             sample_rate, channels, bit_depth, seen_scan)
           VALUES (@rootId, @path, @name, @folder, @ext, @size, @mtimeMs, @quickHash, @format, @codec, @duration,
             @sampleRate, @channels, @bitDepth, @scanId)`,
        ).run({ ...entry, scanId }).lastInsertRowid,
      );
    } else {
      id = existing.id;
      const changed = existing.size !== entry.size || existing.mtime_ms !== entry.mtimeMs;
      stmt(
        db,
        `UPDATE files SET root_id = @rootId, name = @name, folder = @folder, ext = @ext, size = @size,
           mtime_ms = @mtimeMs, quick_hash = @quickHash, format = @format, codec = @codec, duration = @duration,
           sample_rate = @sampleRate, channels = @channels, bit_depth = @bitDepth, seen_scan = @scanId
         WHERE id = @id`,
      ).run({ ...entry, scanId, id });
      if (changed) forgetAnalysis(db, id);
    }
    replaceMetadata(db, id, entry.metadata);
    refreshKeywordIndex(db, id);
    return id;
  })();
}

/** A file seen at a new path with the same content as a vanished one keeps its id, analysis, tags and collections. */
export function moveFile(db: Db, id: number, entry: CatalogueEntry, scanId: number): void {
  db.transaction(() => {
    stmt(
      db,
      `UPDATE files SET root_id = @rootId, path = @path, name = @name, folder = @folder, ext = @ext,
         mtime_ms = @mtimeMs, seen_scan = @scanId WHERE id = @id`,
    ).run({ ...entry, scanId, id });
    replaceMetadata(db, id, entry.metadata);
    refreshKeywordIndex(db, id);
  })();
}

/** Files under a root that the scan with `scanId` did not see, with their content hashes (candidates for moves). */
export function unseenFiles(
  db: Db,
  rootId: number,
  scanId: number,
): { id: number; path: string; size: number; quick_hash: string | null }[] {
  return db
    .prepare('SELECT id, path, size, quick_hash FROM files WHERE root_id = ? AND seen_scan != ?')
    .all(rootId, scanId) as { id: number; path: string; size: number; quick_hash: string | null }[];
}

export function markSeen(db: Db, id: number, scanId: number): void {
  stmt(db, 'UPDATE files SET seen_scan = ? WHERE id = ?').run(scanId, id);
}

/** markSeen for many files in one transaction: committing each of 200k unchanged files took most of a re-index. */
export function markSeenMany(db: Db, ids: readonly number[], scanId: number): void {
  const update = stmt(db, 'UPDATE files SET seen_scan = ? WHERE id = ?');
  db.transaction(() => {
    for (const id of ids) update.run(scanId, id);
  })();
}

/** The size and mtime of every file under a root, by path: what tells an unchanged file, read in one statement. */
export function knownFilesOfRoot(db: Db, rootId: number): Map<string, { id: number; size: number; mtime_ms: number }> {
  const rows = stmt(db, 'SELECT id, path, size, mtime_ms FROM files WHERE root_id = ?').all(rootId) as {
    id: number;
    path: string;
    size: number;
    mtime_ms: number;
  }[];
  return new Map(rows.map((row) => [row.path, { id: row.id, size: row.size, mtime_ms: row.mtime_ms }]));
}

/** Seen by the scan with a new mtime but the same content: keeps its analysis. */
export function markSeenTouched(db: Db, id: number, mtimeMs: number, scanId: number): void {
  stmt(db, 'UPDATE files SET mtime_ms = ?, seen_scan = ? WHERE id = ?').run(mtimeMs, scanId, id);
}

export function deleteFiles(db: Db, ids: readonly number[]): void {
  const deleteFts = stmt(db, 'DELETE FROM files_fts WHERE rowid = ?');
  const deleteFile = stmt(db, 'DELETE FROM files WHERE id = ?');
  db.transaction(() => {
    for (const id of ids) {
      deleteFts.run(id);
      deleteFile.run(id);
    }
  })();
}

/**
 * Every analysed file with its analysed_at: the versions of its stored vectors. Read from the files table alone:
 * joining the analysis table read its big rows, 250-330 ms at 100k files against a few ms.
 */
export function analysedFileVersions(db: Db): Map<number, number> {
  const rows = stmt(
    db,
    "SELECT id, COALESCE(analysed_at, 0) AS version FROM files WHERE status = 'analysed'",
  ).all() as { id: number; version: number }[];
  return new Map(rows.map((row) => [row.id, row.version]));
}

/** analysedFileVersions in file id order as two arrays: a saved list is checked against it without a map. */
export function analysedFileVersionList(db: Db): VersionList {
  const rows = stmt(db, "SELECT id, COALESCE(analysed_at, 0) FROM files WHERE status = 'analysed' ORDER BY id")
    .raw()
    .all() as [number, number][];
  const ids = new Float64Array(rows.length);
  const versions = new Float64Array(rows.length);
  rows.forEach(([id, version], i) => {
    ids[i] = id;
    versions[i] = version;
  });
  return { ids, versions };
}

/**
 * Records why a file failed. `analysisKey` is the pipeline that failed on it (for a decode failure): the file is
 * tried again when the pipeline changes, not on every run (see filesToAnalyse).
 */
export function markFailed(db: Db, id: number, stage: string, reason: string, analysisKey: string | null = null): void {
  db.transaction(() => {
    stmt(
      db,
      "UPDATE files SET status = 'failed', error_stage = ?, error = ?, analysis_key = ?, analysed_at = ? WHERE id = ?",
    ).run(stage, reason, analysisKey, Date.now(), id);
    // An older analysis of a file that failed its latest (e.g. its folder went offline after a model update) is
    // not the file's any more: left behind, the search's caches, built from the analysis rows but checked against
    // the analysed files, never matched and were rebuilt on every search (25 s at 1M such files).
    dropAnalysisRows(db, id);
  })();
}

function dropAnalysisRows(db: Db, id: number): void {
  stmt(db, 'DELETE FROM analysis WHERE file_id = ?').run(id);
  stmt(db, 'DELETE FROM windows WHERE file_id = ?').run(id);
  stmt(db, 'DELETE FROM extension_outputs WHERE file_id = ?').run(id);
  stmt(db, 'DELETE FROM auto_tags WHERE file_id = ?').run(id);
}

export function forgetAnalysis(db: Db, id: number): void {
  stmt(
    db,
    "UPDATE files SET status = 'catalogued', error = NULL, error_stage = NULL, analysis_key = NULL, analysed_at = NULL WHERE id = ?",
  ).run(id);
  dropAnalysisRows(db, id);
}

/**
 * Files the analysis pass still owes: never analysed, analysed by another model/pipeline (`analysisKey`), or failed
 * in the model (not the file's fault). A file that failed to decode is a permanent failure: it is tried again only
 * after it changes on disk (which resets it to 'catalogued') or under another pipeline than the one that failed on
 * it. Failures recorded before failures named their pipeline (analysis_key NULL) keep the old rule: only a change.
 */
export function filesToAnalyse(db: Db, analysisKey: string): { id: number; path: string }[] {
  return db
    .prepare(
      `SELECT id, path FROM files
       WHERE status = 'catalogued' OR (status = 'analysed' AND analysis_key IS NOT @key)
          OR (status = 'failed' AND error_stage = 'analysis')
          OR (status = 'failed' AND error_stage = 'decode' AND analysis_key IS NOT NULL AND analysis_key != @key)
       ORDER BY id`,
    )
    .all({ key: analysisKey }) as { id: number; path: string }[];
}

export function replaceMetadata(db: Db, id: number, metadata: Record<string, string>): void {
  stmt(db, 'DELETE FROM metadata WHERE file_id = ?').run(id);
  const insert = stmt(db, 'INSERT INTO metadata (file_id, key, value) VALUES (?, ?, ?)');
  for (const [key, value] of Object.entries(metadata)) {
    if (value.trim() !== '') insert.run(id, key, value);
  }
}

export function readMetadata(db: Db, id: number): Record<string, string> {
  const rows = stmt(db, 'SELECT key, value FROM metadata WHERE file_id = ? ORDER BY key').all(id) as {
    key: string;
    value: string;
  }[];
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

/** readMetadata for several files in one statement; files without metadata map to {}. */
export function readMetadataOf(db: Db, ids: readonly number[]): Map<number, Record<string, string>> {
  const out = new Map<number, Record<string, string>>(ids.map((id) => [id, {}]));
  const rows = stmt(
    db,
    'SELECT file_id, key, value FROM metadata WHERE file_id IN (SELECT value FROM json_each(?)) ORDER BY file_id, key',
  ).all(JSON.stringify(ids)) as { file_id: number; key: string; value: string }[];
  for (const row of rows) out.get(row.file_id)![row.key] = row.value;
  return out;
}

export function setFavourite(db: Db, id: number, favourite: boolean): void {
  stmt(db, 'UPDATE files SET favourite = ? WHERE id = ?').run(favourite ? 1 : 0, id);
}

/** setFavourite for several files in one transaction; returns how many changed. */
export function setFavourites(db: Db, ids: readonly number[], favourite: boolean): number {
  const update = stmt(db, 'UPDATE files SET favourite = ? WHERE id = ? AND favourite != ?');
  let changed = 0;
  db.transaction(() => {
    for (const id of ids) changed += update.run(favourite ? 1 : 0, id, favourite ? 1 : 0).changes;
  })();
  return changed;
}

/** The ids of these that are no file of the library. */
export function missingFileIds(db: Db, ids: readonly number[]): number[] {
  const found = new Set(
    stmt(db, 'SELECT id FROM files WHERE id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify(ids)) as number[],
  );
  return [...new Set(ids)].filter((id) => !found.has(id));
}

export interface FileCounts {
  files: number;
  analysed: number;
  failed: number;
  pending: number;
}

export function countFiles(db: Db): FileCounts {
  const row = db
    .prepare(
      `SELECT COUNT(*) AS files,
         COALESCE(SUM(status = 'analysed'), 0) AS analysed,
         COALESCE(SUM(status = 'failed'), 0) AS failed,
         COALESCE(SUM(status = 'catalogued'), 0) AS pending
       FROM files`,
    )
    .get() as FileCounts;
  return row;
}
