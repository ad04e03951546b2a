import type { SearchFilters, SortKey } from '../api/contract';
import type { Db } from './database';
import { likePrefix } from './problems';

/** SQL conditions over `files f` for the filters that are set; null when no filter is set. */
export function filterClause(filters: SearchFilters | undefined): { where: string; params: unknown[] } | null {
  if (!filters) return null;
  const where: string[] = [];
  const params: unknown[] = [];
  if (filters.folder) {
    where.push("(f.folder = ? OR f.path LIKE ? ESCAPE '\\')");
    params.push(filters.folder, likePrefix(filters.folder));
  }
  if (filters.formats?.length) {
    where.push(`f.format IN (${filters.formats.map(() => '?').join(',')})`);
    params.push(...filters.formats);
  }
  if (filters.minDuration !== undefined) {
    where.push('f.duration >= ?');
    params.push(filters.minDuration);
  }
  if (filters.maxDuration !== undefined) {
    where.push('f.duration <= ?');
    params.push(filters.maxDuration);
  }
  if (filters.sampleRates?.length) {
    where.push(`f.sample_rate IN (${filters.sampleRates.map(() => '?').join(',')})`);
    params.push(...filters.sampleRates);
  }
  if (filters.channels?.length) {
    where.push(`f.channels IN (${filters.channels.map(() => '?').join(',')})`);
    params.push(...filters.channels);
  }
  for (const tag of filters.tags ?? []) {
    where.push(
      `(EXISTS (SELECT 1 FROM user_tags t WHERE t.file_id = f.id AND t.tag = ? COLLATE NOCASE)
        OR EXISTS (SELECT 1 FROM auto_tags a WHERE a.file_id = f.id AND a.label = ? COLLATE NOCASE))`,
    );
    params.push(tag, tag);
  }
  if (filters.ucsCategory) {
    where.push(
      `(EXISTS (SELECT 1 FROM metadata m WHERE m.file_id = f.id AND m.key IN ('ucs.catId', 'ucs.category')
               AND m.value = ? COLLATE NOCASE)
        OR EXISTS (SELECT 1 FROM auto_tags a WHERE a.file_id = f.id AND a.source = 'ucs' AND a.label = ? COLLATE NOCASE))`,
    );
    params.push(filters.ucsCategory, filters.ucsCategory);
  }
  if (filters.favouritesOnly) where.push('f.favourite = 1');
  if (filters.collectionId !== undefined) {
    where.push('EXISTS (SELECT 1 FROM collection_files c WHERE c.file_id = f.id AND c.collection_id = ?)');
    params.push(filters.collectionId);
  }
  return where.length ? { where: where.join(' AND '), params } : null;
}

/** Ids of the files that pass the filters, or null when no filter is set (everything passes). */
export function allowedFileIds(db: Db, filters: SearchFilters | undefined): Set<number> | null {
  const clause = filterClause(filters);
  if (!clause) return null;
  const ids = db
    .prepare(`SELECT f.id FROM files f WHERE ${clause.where}`)
    .pluck()
    .all(...clause.params) as number[];
  return new Set(ids);
}

/**
 * Browsing without words: the files that pass the filters, in the order asked for. `exclude`: an FTS5 expression
 * (keyword-query.ts, its terms quoted) whose files are left out, for a query of `-words` only.
 */
export function browseFileIds(
  db: Db,
  filters: SearchFilters | undefined,
  sort: SortKey,
  descending: boolean,
  limit: number,
  exclude: string | null = null,
): number[] {
  const { where, params } = browseClause(filters, exclude);
  const order = orderColumn(sort === 'relevance' ? 'name' : sort);
  return db
    .prepare(`SELECT f.id FROM files f ${where} ORDER BY ${order} ${descending ? 'DESC' : 'ASC'}, f.id LIMIT ?`)
    .pluck()
    .all(...params, limit) as number[];
}

/** How many files browseFileIds lists in all, whatever the page. */
export function countBrowsable(db: Db, filters: SearchFilters | undefined, exclude: string | null = null): number {
  const { where, params } = browseClause(filters, exclude);
  return db
    .prepare(`SELECT COUNT(*) FROM files f ${where}`)
    .pluck()
    .get(...params) as number;
}

function browseClause(
  filters: SearchFilters | undefined,
  exclude: string | null,
): { where: string; params: unknown[] } {
  const clause = filterClause(filters);
  const where = clause ? [clause.where] : [];
  const params = clause ? [...clause.params] : [];
  if (exclude !== null) {
    where.push('f.id NOT IN (SELECT rowid FROM files_fts WHERE files_fts MATCH ?)');
    params.push(exclude);
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

function orderColumn(sort: Exclude<SortKey, 'relevance'>): string {
  switch (sort) {
    case 'name':
      return 'f.name COLLATE NOCASE';
    case 'duration':
      return 'f.duration';
    case 'folder':
      return 'f.folder COLLATE NOCASE';
    case 'modified':
      return 'f.mtime_ms';
  }
}
