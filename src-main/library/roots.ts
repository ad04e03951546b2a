import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import type { LibraryRoot } from '../api/contract';
import { badRequest } from '../base/errors';
import { fsPath, pathFromBytes } from '../base/path-bytes';
import { isInside } from '../base/paths';
import type { Db } from '../store/database';
import { deleteRoot, insertRootAbsorbing, listRoots } from '../store/roots';

/**
 * Adds a library folder. Paths are stored resolved (symlinks followed) so that "is this inside the library?" has
 * one answer. A folder inside an existing root is refused, and so is the file system's root. A folder that contains
 * existing roots is refused unless `merge` asks for it to absorb them, keeping their files' analysis: taking over
 * every folder of the library is never a side effect.
 */
export async function addLibraryRoot(db: Db, path: string, { merge = false } = {}): Promise<LibraryRoot> {
  if (!path || !isAbsolute(path)) throw badRequest(`Give an absolute folder path (got "${path}").`);
  let resolved: string;
  try {
    resolved = await realpath(path);
    if (!(await stat(resolved)).isDirectory()) throw badRequest(`${path} is not a folder.`);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw badRequest(`${path} does not exist.`);
    throw error;
  }
  if (dirname(resolved) === resolved)
    throw badRequest(`${path} is the whole file system: add the folders where your sounds are.`);
  const roots = listRoots(db);
  const same = roots.find((root) => root.path === resolved);
  if (same) return same;
  const outer = roots.find((root) => isInside(resolved, root.path));
  if (outer) throw badRequest(`${path} is already in the library, inside ${outer.path}.`);

  const inner = roots.filter((root) => isInside(root.path, resolved));
  if (inner.length > 0 && !merge) {
    const names = inner.map((root) => root.path).join(', ');
    throw badRequest(
      `${path} contains the library folders ${names}: add it with merge to take them over with their files, or remove them first.`,
    );
  }
  return insertRootAbsorbing(
    db,
    resolved,
    inner.map((root) => root.id),
  );
}

/** The library folder at `path`, as given or resolved, or undefined. */
export async function findLibraryRoot(db: Db, path: string): Promise<LibraryRoot | undefined> {
  const roots = listRoots(db);
  const given = roots.find((root) => root.path === path);
  if (given) return given;
  try {
    const resolved = await realpath(path);
    return roots.find((root) => root.path === resolved);
  } catch {
    return undefined;
  }
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
    // As bytes: a stored path may name a file whose name is not UTF-8 (base/path-bytes.ts).
    resolved = pathFromBytes(await realpath(fsPath(path), { encoding: 'buffer' }));
  } catch {
    return undefined;
  }
  return listRoots(db).find((root) => isInside(resolved, root.path));
}
