import type { Collection } from '../api/contract';
import type { Db } from './database';

const SELECT = `SELECT c.id, c.name, (SELECT COUNT(*) FROM collection_files cf WHERE cf.collection_id = c.id) AS fileCount
  FROM collections c`;

export function listCollections(db: Db): Collection[] {
  return db.prepare(`${SELECT} ORDER BY c.name`).all() as Collection[];
}

export function getCollection(db: Db, id: number): Collection | undefined {
  return db.prepare(`${SELECT} WHERE c.id = ?`).get(id) as Collection | undefined;
}

export function createCollection(db: Db, name: string): Collection {
  db.prepare('INSERT OR IGNORE INTO collections (name, created_at) VALUES (?, ?)').run(name, Date.now());
  return db.prepare(`${SELECT} WHERE c.name = ?`).get(name) as Collection;
}

export function deleteCollection(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM collections WHERE id = ?').run(id).changes > 0;
}

export function addToCollection(db: Db, id: number, fileIds: readonly number[]): void {
  const insert = db.prepare('INSERT OR IGNORE INTO collection_files (collection_id, file_id) VALUES (?, ?)');
  db.transaction(() => fileIds.forEach((fileId) => insert.run(id, fileId)))();
}

export function removeFromCollection(db: Db, id: number, fileIds: readonly number[]): void {
  const remove = db.prepare('DELETE FROM collection_files WHERE collection_id = ? AND file_id = ?');
  db.transaction(() => fileIds.forEach((fileId) => remove.run(id, fileId)))();
}

export function collectionsOf(db: Db, fileId: number): number[] {
  return db.prepare('SELECT collection_id FROM collection_files WHERE file_id = ?').pluck().all(fileId) as number[];
}
