import type { UcsInfo } from '../api/contract';
import type { Db } from '../store/database';

/**
 * A file's UCS category: what its name or metadata says (read at catalogue time into `ucs.*` metadata keys), else
 * the model's best suggestion from its auto-tags.
 */
export type UcsLookup = (catId: string) => { category: string; subCategory: string } | undefined;

export function ucsOf(db: Db, fileId: number, lookup?: UcsLookup): UcsInfo | undefined {
  const meta = db
    .prepare("SELECT key, value FROM metadata WHERE file_id = ? AND key LIKE 'ucs.%'")
    .all(fileId) as { key: string; value: string }[];
  const get = (key: string) => meta.find((m) => m.key === key)?.value;
  const catId = get('ucs.catId');
  if (catId) {
    return {
      catId,
      category: get('ucs.category') ?? '',
      subCategory: get('ucs.subCategory') ?? '',
      confidence: 1,
      source: get('ucs.source') === 'metadata' ? 'metadata' : 'filename',
    };
  }
  const suggested = db
    .prepare("SELECT label, score FROM auto_tags WHERE file_id = ? AND source = 'ucs' ORDER BY score DESC LIMIT 1")
    .get(fileId) as { label: string; score: number } | undefined;
  if (!suggested) return undefined;
  const names = lookup?.(suggested.label);
  return {
    catId: suggested.label,
    category: names?.category ?? '',
    subCategory: names?.subCategory ?? '',
    confidence: suggested.score,
    source: 'model',
  };
}
