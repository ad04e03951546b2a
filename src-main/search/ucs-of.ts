import type { UcsInfo } from '../api/contract';
import type { UcsTable } from '../metadata/ucs';
import type { Db } from '../store/database';
import { fileCategories, fileCategory, type FileCategory } from '../store/file-category';

/** A file's UCS category as results and file details carry it: its own, else the model's suggestion. */
export function ucsOf(db: Db, fileId: number, table: UcsTable | null): UcsInfo | undefined {
  return toUcsInfo(fileCategory(db, fileId, table));
}

/** ucsOf for a page of results. */
export function ucsOfMany(
  db: Db,
  files: readonly { id: number; name: string }[],
  table: UcsTable | null,
): Map<number, UcsInfo | undefined> {
  return new Map([...fileCategories(db, files, table)].map(([id, category]) => [id, toUcsInfo(category)]));
}

function toUcsInfo(category: FileCategory | null): UcsInfo | undefined {
  if (!category) return undefined;
  const { catId, category: name, subCategory, confidence, source } = category;
  return { catId, category: name, subCategory, confidence, source };
}
