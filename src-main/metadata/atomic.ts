// Replace a file's content safely: build the new version in a temp file in the same folder,
// fsync it, then rename over the original. A crash at any point leaves either the old file or the
// new one, never a mix; a failure before the rename leaves the original byte-identical. A process killed before the
// rename leaves its temp file; temp-files.ts names them so that the next write to the folder removes them.
import { constants } from 'node:fs';
import { access, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsPath, pathFromBytes } from '../base/path-bytes';
import { openFileReader, type FileReader } from '../container/file-reader';
import { MetadataWriteError } from './errors';
import { removeStaleTemps, tempPathFor } from './temp-files';

export async function assertWritable(path: string): Promise<void> {
  let mode: number;
  try {
    mode = (await stat(fsPath(path))).mode;
  } catch (error) {
    throw new MetadataWriteError(path, 'io', `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  // Check the permission bits too: an administrator account passes access() on files a person
  // marked read-only, and that mark should still be respected.
  if ((mode & 0o222) === 0) throw new MetadataWriteError(path, 'read-only', 'the file is read-only');
  try {
    await access(fsPath(path), constants.W_OK);
    await access(fsPath(dirname(path)), constants.W_OK);
  } catch {
    throw new MetadataWriteError(path, 'read-only', 'no permission to write the file or its folder');
  }
}

/**
 * Runs `build(source, temp)` and, when it succeeds, puts the temp file in place of `path`.
 * `build` writes the complete new file into `temp`.
 */
export async function replaceAtomically(
  path: string,
  build: (source: FileReader, temp: FileHandle) => Promise<void>,
): Promise<void> {
  const before = await stat(fsPath(path));
  await removeLitter(dirname(path));
  const tempPath = tempPathFor(path);
  const source = await openFileReader(path);
  let temp: FileHandle | null = null;
  let renamed = false;
  try {
    temp = await open(fsPath(tempPath), 'wx', before.mode & 0o777);
    // Keep the owner when an administrator edits someone else's file (fails harmlessly otherwise).
    await temp.chown(before.uid, before.gid).catch(() => undefined);
    await build(source, temp);
    await temp.sync();
    await temp.close();
    temp = null;
    // Another program changed the file while we worked: do not overwrite its changes.
    const after = await stat(fsPath(path));
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      throw new MetadataWriteError(path, 'io', 'the file changed while its metadata was being written');
    }
    await rename(fsPath(tempPath), fsPath(path));
    renamed = true;
    await syncFolder(dirname(path));
  } finally {
    await source.close();
    if (temp) await temp.close().catch(() => undefined);
    if (!renamed) await unlink(fsPath(tempPath)).catch(() => undefined);
  }
}

/** Folders this process has already cleaned: a caption pass writing 10,000 files of one folder lists it once. */
const swept = new Set<string>();

/** The temp files of earlier writes to this folder that were killed before their rename. */
async function removeLitter(folder: string): Promise<void> {
  if (swept.has(folder)) return;
  swept.add(folder);
  const names = await readdir(fsPath(folder), { encoding: 'buffer' }).catch(() => []);
  await removeStaleTemps(folder, names.map(pathFromBytes));
}

/** Makes the rename itself durable. Some platforms (Windows) cannot open folders; that is fine there. */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | null = null;
  try {
    handle = await open(fsPath(folder), 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
