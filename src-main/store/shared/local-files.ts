import type { Db } from '../database';
import { stmt } from '../statements';

/** A local file of one root, with what a seat compares against the server: its version and its analysis. */
export interface LocalFileState {
  id: number;
  path: string;
  size: number;
  quickHash: string | null;
  status: 'catalogued' | 'analysed' | 'failed';
  analysisKey: string | null;
}

export function localFilesOfRoot(db: Db, rootId: number): LocalFileState[] {
  return stmt(
    db,
    `SELECT id, path, size, quick_hash AS quickHash, status, analysis_key AS analysisKey
     FROM files WHERE root_id = ? ORDER BY id`,
  ).all(rootId) as LocalFileState[];
}

/** The root's files without this pipeline's analysis: what another seat's results may give them. */
export function localFilesLacking(db: Db, rootId: number, analysisKey: string): LocalFileState[] {
  return stmt(
    db,
    `SELECT id, path, size, quick_hash AS quickHash, status, analysis_key AS analysisKey
     FROM files WHERE root_id = ? AND (status = 'catalogued' OR analysis_key IS NOT ?) ORDER BY id`,
  ).all(rootId, analysisKey) as LocalFileState[];
}
