import type { TagScore } from '../api/contract';
import type { Db } from './database';
import { stmt } from './statements';
import { refreshKeywordIndex } from './keyword-index';

export function autoTags(db: Db, fileId: number, limit = 8): TagScore[] {
  return db
    .prepare(
      `SELECT label, score, source FROM auto_tags WHERE file_id = ? ORDER BY source = 'ucs', score DESC LIMIT ?`,
    )
    .all(fileId, limit) as TagScore[];
}

/** One source's auto-tags, strongest first. */
export function autoTagsOf(db: Db, fileId: number, source: 'audioset' | 'ucs', limit: number): { label: string; score: number }[] {
  return stmt(db, 'SELECT label, score FROM auto_tags WHERE file_id = ? AND source = ? ORDER BY score DESC, label LIMIT ?').all(
    fileId,
    source,
    limit,
  ) as { label: string; score: number }[];
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
