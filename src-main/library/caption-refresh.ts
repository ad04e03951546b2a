// After Hark rewrote a file's tags (meta set, caption --write): bring the library's record of it up to date from
// the file itself, so search finds the new words and the next scan does not take the file for a changed one (nor,
// on a seat of a shared catalogue, the server: see queueSharedRewrite).
import { stat } from 'node:fs/promises';
import { probeFile } from '../metadata/probe';
import { recordRewrittenFile } from '../store/captions';
import type { Db } from '../store/database';
import { getFileRow, readMetadata, replaceMetadata } from '../store/files';
import { refreshKeywordIndex } from '../store/keyword-index';
import { readSeatConfig } from '../store/shared/seat-config';
import { quickHash } from './quick-hash';
import { queueSharedRewrite } from './shared-edits';

/**
 * `wroteCategory`: the UCS category just written into the file's metadata, if any; null when the write took the
 * metadata's category away (an undo back to none).
 */
export async function refreshRewrittenFile(
  db: Db,
  fileId: number,
  path: string,
  wroteCategory?: { catId: string; category: string; subCategory: string } | null,
): Promise<void> {
  const probe = await probeFile(path);
  const info = await stat(path);
  const hash = await quickHash(path, info.size);
  const old = readMetadata(db, fileId);
  const metadata: Record<string, string> = { ...probe.metadata };
  // Keys the library derives (ucs.* from the name) are not in a fresh probe: keep them.
  const fromMetadataGone = wroteCategory === null && old['ucs.source'] === 'metadata';
  for (const [key, value] of Object.entries(old)) {
    if (key.startsWith('ucs.') && !(key in metadata) && !fromMetadataGone) metadata[key] = value;
  }
  // A category written into the metadata is the file's own now, unless its name already says one (names win).
  if (wroteCategory && metadata['ucs.source'] !== 'filename') {
    metadata['ucs.catId'] = wroteCategory.catId;
    metadata['ucs.category'] = wroteCategory.category;
    metadata['ucs.subCategory'] = wroteCategory.subCategory;
    metadata['ucs.source'] = 'metadata';
  }
  db.transaction(() => {
    const before = getFileRow(db, fileId);
    replaceMetadata(db, fileId, metadata);
    recordRewrittenFile(db, fileId, { size: info.size, mtimeMs: info.mtimeMs, quickHash: hash });
    refreshKeywordIndex(db, fileId);
    // On a seat of a shared catalogue, the server's row takes the new version with its analysis (sent with the
    // seat's other edits, and before its next pass registers anything).
    const config = readSeatConfig(db);
    if (config && before)
      queueSharedRewrite(
        db,
        config,
        path,
        { size: before.size, quickHash: before.quick_hash },
        { size: info.size, quickHash: hash },
      );
  })();
}
