import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { forbidden, notFound } from '../base/errors';
import { fsPath } from '../base/path-bytes';
import { rootContaining } from '../library/roots';
import type { Db } from '../store/database';
import { getFileRow } from '../store/files';

const MIME: Record<string, string> = {
  wav: 'audio/wav',
  aiff: 'audio/aiff',
  flac: 'audio/flac',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  m4a: 'audio/mp4',
};

export interface MediaFile {
  /** The stored path: hand fs `fsPath(path)` (base/path-bytes.ts), which opens a name that is not UTF-8 too. */
  path: string;
  size: number;
  mimeType: string;
}

/**
 * The only way a client gets file bytes: by library file id, and only when the file (symlinks resolved) still
 * lies inside a library root. A path is never taken from the client.
 */
export async function resolveMedia(db: Db, fileId: number): Promise<MediaFile> {
  const row = getFileRow(db, fileId);
  if (!row) throw notFound(`No file with id ${fileId}.`);
  if (!(await rootContaining(db, row.path))) {
    // A file that is gone resolves nowhere: say it is gone, not that it lies outside the library.
    const gone = await stat(row.path).then(
      () => false,
      () => true,
    );
    throw gone ? notFound(`${row.name} is no longer on disk.`) : forbidden('That file is outside the library folders.');
  }
  let size: number;
  try {
    size = (await stat(fsPath(row.path))).size;
  } catch {
    throw notFound(`${row.name} is no longer on disk.`);
  }
  const format = row.format !== 'unknown' ? row.format : extname(row.path).slice(1).toLowerCase();
  return { path: row.path, size, mimeType: MIME[format] ?? 'application/octet-stream' };
}
