// What duplicate detection reads of the library (each file's catalogue facts, features, peaks and loudness) and the
// decoded-audio hashes it keeps between runs.
import type { AudioFormat } from '../api/contract';
import type { Db } from './database';
import { likePrefix } from './problems';
import { stmt } from './statements';

export interface DuplicateCandidate {
  id: number;
  path: string;
  name: string;
  folder: string;
  format: AudioFormat;
  codec: string | null;
  size: number;
  mtimeMs: number;
  quickHash: string | null;
  duration: number | null;
  sampleRate: number | null;
  channels: number | null;
  bitDepth: number | null;
  status: 'catalogued' | 'analysed' | 'failed';
  favourite: boolean;
  loudnessLufs: number | null;
  hasFeatures: boolean;
}

/** Every file at or below `folder` (the whole library when null), in path order. */
export function duplicateCandidates(db: Db, folder: string | null): DuplicateCandidate[] {
  const clean = folder === null ? null : folder.replace(/[\\/]+$/, '') || '/';
  return stmt(
    db,
    `SELECT f.id, f.path, f.name, f.folder, f.format, f.codec, f.size, f.mtime_ms AS mtimeMs,
       f.quick_hash AS quickHash, f.duration, f.sample_rate AS sampleRate, f.channels, f.bit_depth AS bitDepth,
       f.status, f.favourite = 1 AS favourite, c.loudness_lufs AS loudnessLufs,
       (a.features IS NOT NULL AND a.peaks IS NOT NULL) AS hasFeatures
     FROM files f LEFT JOIN captions c ON c.file_id = f.id LEFT JOIN analysis a ON a.file_id = f.id
     WHERE @folder IS NULL OR f.folder = @folder OR f.path LIKE @prefix ESCAPE '\\'
     ORDER BY f.path`,
  )
    .all({ folder: clean, prefix: clean === null ? null : likePrefix(clean) })
    .map((row) => {
      const r = row as Omit<DuplicateCandidate, 'favourite' | 'hasFeatures'> & {
        favourite: number;
        hasFeatures: number;
      };
      return { ...r, favourite: r.favourite === 1, hasFeatures: r.hasFeatures === 1 };
    });
}

export interface StoredAudioHash {
  hash: string | null;
  error: string | null;
}

/** The hashes still valid for these files: made while the file had the size, mtime and quick hash it has now. */
export function storedAudioHashes(db: Db, fileIds: readonly number[]): Map<number, StoredAudioHash> {
  const rows = stmt(
    db,
    `SELECT h.file_id AS id, h.hash, h.error FROM audio_hashes h JOIN files f ON f.id = h.file_id
     WHERE h.file_id IN (SELECT value FROM json_each(?)) AND h.size = f.size AND h.mtime_ms = f.mtime_ms
       AND h.quick_hash IS f.quick_hash`,
  ).all(JSON.stringify(fileIds)) as (StoredAudioHash & { id: number })[];
  return new Map(rows.map(({ id, ...stored }) => [id, stored]));
}

export function saveAudioHash(
  db: Db,
  file: { id: number; size: number; mtimeMs: number; quickHash: string | null },
  result: StoredAudioHash,
): void {
  stmt(
    db,
    `INSERT INTO audio_hashes (file_id, size, mtime_ms, quick_hash, hash, error, made_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(file_id) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
       quick_hash = excluded.quick_hash, hash = excluded.hash, error = excluded.error, made_at = excluded.made_at`,
  ).run(file.id, file.size, file.mtimeMs, file.quickHash, result.hash, result.error, Date.now());
}

/** The ids of the files in the collection named `name` (none when it does not exist). */
export function fileIdsInCollectionNamed(db: Db, name: string): Set<number> {
  const ids = stmt(
    db,
    'SELECT cf.file_id FROM collection_files cf JOIN collections c ON c.id = cf.collection_id WHERE c.name = ?',
  )
    .pluck()
    .all(name) as number[];
  return new Set(ids);
}
