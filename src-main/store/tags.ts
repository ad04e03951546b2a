import type { TagScore } from '../api/contract';
import type { Db } from './database';
import { stmt } from './statements';
import { refreshKeywordIndex } from './keyword-index';

export function autoTags(db: Db, fileId: number, limit = 8): TagScore[] {
  return stmt(
    db,
    `SELECT label, score, source FROM auto_tags WHERE file_id = ? ORDER BY source = 'ucs', score DESC LIMIT ?`,
  ).all(fileId, limit) as TagScore[];
}

/**
 * What each file is, for the chips on its result row: the person's own tags first, then the tagger's strongest
 * AudioSet labels with their probability (UCS CatIDs are the file's category, shown apart). `paddedBelow`: files
 * shorter than this many seconds reach the tagger zero-padded to its window, which it hears as "Silence" (the top
 * tag of 15% of the dev libraries' files, nearly all under a second): for them that label says nothing.
 */
export function fileTagsOfMany(
  db: Db,
  fileIds: readonly number[],
  limit: number,
  paddedBelow: number,
  /** Weaker labels describe nothing ("Door 7%" on a snare): left off. */
  minScore = 0.1,
): Map<number, TagScore[]> {
  const ids = JSON.stringify(fileIds);
  const own = stmt(
    db,
    'SELECT file_id, tag FROM user_tags WHERE file_id IN (SELECT value FROM json_each(?)) ORDER BY file_id, tag',
  ).all(ids) as { file_id: number; tag: string }[];
  const heard = stmt(
    db,
    `SELECT file_id, label, score FROM (
       SELECT a.file_id, a.label, a.score, ROW_NUMBER() OVER (PARTITION BY a.file_id ORDER BY a.score DESC, a.label) AS rank
       FROM auto_tags a JOIN files f ON f.id = a.file_id
       WHERE a.source = 'audioset' AND a.file_id IN (SELECT value FROM json_each(?))
         AND a.score >= ? AND NOT (a.label = 'Silence' AND COALESCE(f.duration, 0) < ?))
     WHERE rank <= ? ORDER BY file_id, rank`,
  ).all(ids, minScore, paddedBelow, limit) as { file_id: number; label: string; score: number }[];
  const out = new Map<number, TagScore[]>(fileIds.map((id) => [id, []]));
  for (const { file_id, tag } of own) out.get(file_id)?.push({ label: tag, score: 1, source: 'user' });
  for (const { file_id, label, score } of heard) out.get(file_id)?.push({ label, score, source: 'audioset' });
  return out;
}

/** One source's auto-tags, strongest first. */
export function autoTagsOf(
  db: Db,
  fileId: number,
  source: 'audioset' | 'ucs',
  limit: number,
): { label: string; score: number }[] {
  return stmt(
    db,
    'SELECT label, score FROM auto_tags WHERE file_id = ? AND source = ? ORDER BY score DESC, label LIMIT ?',
  ).all(fileId, source, limit) as { label: string; score: number }[];
}

/** Each file's strongest UCS auto-tag (as autoTagsOf(…, 'ucs', 1) would give), for several files in one statement. */
export function bestUcsTags(db: Db, fileIds: readonly number[]): Map<number, { label: string; score: number }> {
  const rows = stmt(
    db,
    "SELECT file_id, label, score FROM auto_tags WHERE source = 'ucs' AND file_id IN (SELECT value FROM json_each(?)) ORDER BY file_id, score DESC, label",
  ).all(JSON.stringify(fileIds)) as { file_id: number; label: string; score: number }[];
  const out = new Map<number, { label: string; score: number }>();
  for (const row of rows) if (!out.has(row.file_id)) out.set(row.file_id, { label: row.label, score: row.score });
  return out;
}

export function userTags(db: Db, fileId: number): string[] {
  return stmt(db, 'SELECT tag FROM user_tags WHERE file_id = ? ORDER BY tag').pluck().all(fileId) as string[];
}

export function setUserTags(db: Db, fileId: number, tags: readonly string[]): void {
  const clean = [...new Set(tags.map((tag) => tag.trim()).filter(Boolean))];
  db.transaction(() => {
    stmt(db, 'DELETE FROM user_tags WHERE file_id = ?').run(fileId);
    const insert = stmt(db, 'INSERT INTO user_tags (file_id, tag) VALUES (?, ?)');
    for (const tag of clean) insert.run(fileId, tag);
    refreshKeywordIndex(db, fileId);
  })();
}

/**
 * Adds `add` to each file's own tags and takes `remove` away (any case), the rest of its tags kept, in one
 * transaction; returns how many files' tags changed.
 */
export function changeUserTags(
  db: Db,
  fileIds: readonly number[],
  add: readonly string[],
  remove: readonly string[],
): number {
  const adding = [...new Set(add.map((tag) => tag.trim()).filter(Boolean))];
  const removing = remove.map((tag) => tag.trim().toLowerCase()).filter(Boolean);
  let changed = 0;
  db.transaction(() => {
    for (const fileId of fileIds) {
      const before = userTags(db, fileId);
      const kept = before.filter((tag) => !removing.includes(tag.toLowerCase()));
      const after = [...kept, ...adding.filter((tag) => !kept.some((k) => k.toLowerCase() === tag.toLowerCase()))];
      if (after.length === before.length && after.every((tag) => before.includes(tag))) continue;
      setUserTags(db, fileId, after);
      changed++;
    }
  })();
  return changed;
}
