import type { UcsInfo } from '../api/contract';
import type { UcsTable } from '../metadata/ucs';
import type { Db } from '../store/database';
import { fileCategory } from '../store/file-category';

/** A file's UCS category as results and file details carry it: its own, else the model's suggestion. */
export function ucsOf(db: Db, fileId: number, table: UcsTable | null): UcsInfo | undefined {
  const category = fileCategory(db, fileId, table);
  if (!category) return undefined;
  const { catId, category: name, subCategory, confidence, source } = category;
  return { catId, category: name, subCategory, confidence, source };
}
