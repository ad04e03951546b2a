import { basename } from 'node:path';
import type { Probe } from '../library/catalogue';
import { ownCategory } from '../store/file-category';
import { probeFile } from '../metadata/probe';
import type { UcsTable } from '../metadata/ucs';

/**
 * The catalogue's probe: headers and metadata, plus the file's own UCS category (from a UCS file name or a CatID in
 * its metadata, looked up in the UCS table) recorded as `ucs.*` keys, so it can be filtered and shown.
 */
export function catalogueProbe(table: UcsTable | null): Probe {
  return async (path) => {
    const result = await probeFile(path);
    const own = ownCategory(result.metadata, basename(path), table);
    if (!own) return result;
    return {
      ...result,
      metadata: {
        ...result.metadata,
        'ucs.catId': own.catId,
        'ucs.category': own.category,
        'ucs.subCategory': own.subCategory,
        'ucs.source': own.source,
      },
    };
  };
}
