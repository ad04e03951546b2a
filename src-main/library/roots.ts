import { realpath, stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { LibraryRoot } from '../api/contract';
import { badRequest } from '../base/errors';
import { isInside } from '../base/paths';
import type { Db } from '../store/database';
import { likePrefix } from '../store/problems';
import { deleteRoot, insertRoot, listRoots } from '../store/roots';

/**
 * Adds a library folder. Paths are stored resolved (symlinks followed) so that "is this inside the library?" has
 * one answer. A folder inside an existing root is refused; a folder that contains existing roots absorbs them,
 * keeping their files' analysis.
 */
export async function addLibraryRoot(db: Db, path: string): Promise<LibraryRoot> {
  if (!path || !isAbsolute(path)) throw badRequest(`Give an absolute folder path (got "${path}").`);
  let resolved: string;
  try {
    resolved = await realpath(path);
    if (!(await stat(resolved)).isDirectory()) throw badRequest(`${path} is not a folder.`);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw badRequest(`${path} does not exist.`);
    throw error;
  }
  const roots = listRoots(db);
  const same = roots.find((root) => root.path === resolved);
  if (same) return same;
  const outer = roots.find((root) => isInside(resolved, root.path));
  if (outer) throw badRequest(`${path} is already in the library, inside ${outer.path}.`);

  return db.transaction(() => {
    const root = insertRoot(db, resolved);
    for (const inner of roots.filter((r) => isInside(r.path, resolved))) {
      db.prepare('UPDATE files SET root_id = ? WHERE root_id = ?').run(root.id, inner.id);
      db.prepare('DELETE FROM roots WHERE id = ?').run(inner.id);
    }
    db.prepare("UPDATE files SET root_id = ? WHERE path LIKE ? ESCAPE '\\'").run(root.id, likePrefix(resolved));
    return listRoots(db).find((r) => r.id === root.id)!;
  })();
}

/** Removes a folder from the library (files on disk are untouched). Accepts the path as given or resolved. */
export async function removeLibraryRoot(db: Db, path: string): Promise<boolean> {
  if (deleteRoot(db, path)) return true;
  try {
    return deleteRoot(db, await realpath(path));
  } catch {
    return false;
  }
}

/** The root a path belongs to, or undefined: the single gate for serving any file to a client. */
export async function rootContaining(db: Db, path: string): Promise<LibraryRoot | undefined> {
  let resolved: string;
  try {
    resolved = await realpath(path);
  } catch {
    return undefined;
  }
  return listRoots(db).find((root) => isInside(resolved, root.path));
}
