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

/** The files of a collection, for sending its deletion to a shared catalogue file by file. */
export function collectionFiles(db: Db, id: number): number[] {
  return db.prepare('SELECT file_id FROM collection_files WHERE collection_id = ?').pluck().all(id) as number[];
}

/** One file joins and leaves collections by name, as a seat did; a collection new here is made if `makeMissing`. */
export function changeCollections(
  db: Db,
  fileId: number,
  joined: readonly string[],
  left: readonly string[],
  makeMissing: boolean,
): void {
  const find = db.prepare('SELECT id FROM collections WHERE name = ?').pluck();
  db.transaction(() => {
    for (const name of joined) {
      const id = (find.get(name) as number | undefined) ?? (makeMissing ? createCollection(db, name).id : undefined);
      if (id !== undefined) addToCollection(db, id, [fileId]);
    }
    for (const name of left) {
      const id = find.get(name) as number | undefined;
      if (id !== undefined) removeFromCollection(db, id, [fileId]);
    }
  })();
}
