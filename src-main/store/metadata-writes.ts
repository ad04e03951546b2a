// The record of Hark's writes into files' tags (migration 10), kept so that a batch can be undone.
import type { Caption } from '../api/contract';
import type { Db } from './database';

export type MetadataWriteKind = 'caption' | 'edit';

/** The text fields Hark writes into files, by their normalised names ('' = the file had none). */
export type FieldValues = Partial<Record<'description' | 'keywords' | 'catId' | 'category' | 'subCategory', string>>;

export interface MetadataWrite {
  id: number;
  batch: number;
  kind: MetadataWriteKind;
  fileId: number | null;
  path: string;
  before: FieldValues;
  after: FieldValues;
  captionBefore: Caption | null;
  at: number;
  undoneAt: number | null;
}

interface WriteRow {
  id: number;
  batch: number;
  kind: MetadataWriteKind;
  file_id: number | null;
  path: string;
  before: string;
  after: string;
  caption_before: string | null;
  at: number;
  undone_at: number | null;
}

const fromRow = (row: WriteRow): MetadataWrite => ({
  id: row.id,
  batch: row.batch,
  kind: row.kind,
  fileId: row.file_id,
  path: row.path,
  before: JSON.parse(row.before) as FieldValues,
  after: JSON.parse(row.after) as FieldValues,
  captionBefore: row.caption_before === null ? null : (JSON.parse(row.caption_before) as Caption),
  at: row.at,
  undoneAt: row.undone_at,
});

/** A new batch number: one more than any used so far. */
export function nextWriteBatch(db: Db): number {
  const row = db.prepare('SELECT MAX(batch) AS last FROM metadata_writes').get() as { last: number | null };
  return (row.last ?? 0) + 1;
}

export function recordWrite(db: Db, write: Omit<MetadataWrite, 'id' | 'at' | 'undoneAt'>): number {
  return Number(
    db
      .prepare(
        `INSERT INTO metadata_writes (batch, kind, file_id, path, before, after, caption_before, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        write.batch,
        write.kind,
        write.fileId,
        write.path,
        JSON.stringify(write.before),
        JSON.stringify(write.after),
        write.captionBefore === null ? null : JSON.stringify(write.captionBefore),
        Date.now(),
      ).lastInsertRowid,
  );
}

export function markWriteUndone(db: Db, id: number): void {
  db.prepare('UPDATE metadata_writes SET undone_at = ? WHERE id = ?').run(Date.now(), id);
}

/** The writes of one batch not yet undone, last first (undo runs in reverse order). */
export function activeWritesOfBatch(db: Db, batch: number): MetadataWrite[] {
  return (
    db
      .prepare('SELECT * FROM metadata_writes WHERE batch = ? AND undone_at IS NULL ORDER BY id DESC')
      .all(batch) as WriteRow[]
  ).map(fromRow);
}

/** The newest batch (of `kind`, when given) that still has writes to undo, or null. */
export function lastActiveWriteBatch(db: Db, kind?: MetadataWriteKind): number | null {
  const row = db
    .prepare(
      'SELECT MAX(batch) AS batch FROM metadata_writes WHERE undone_at IS NULL AND (@kind IS NULL OR kind = @kind)',
    )
    .get({ kind: kind ?? null }) as { batch: number | null };
  return row.batch;
}
