// The temp files of atomic.ts's writes, and cleaning up those a killed write left behind. A write builds a complete
// copy beside the file (for a 500 MB WAV, 500 MB); killed before its rename, that copy would stay forever, hidden
// by its leading dot. So a temp file's name says whose it is: `.<file name>.hark-<host>-<pid>-<random>.tmp`, and the
// next write to that folder (or the next index run over it) removes those whose process is gone.
//
// Only names of exactly that form are touched, never another program's files, and only when no live process can
// own them: the host tag is this machine's and no process with that pid runs, or (a folder shared between machines,
// where the pid means nothing here) the file has not changed for a day. A pid reused by another program keeps the
// file until that program ends: the safe side. Hark before this naming wrote `.<file name>.hark-<random>.tmp`, with
// no owner to ask: such a file is removed once it has not changed for a day, like another machine's.
import { createHash, randomBytes } from 'node:crypto';
import { lstat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fsPath } from '../base/path-bytes';

const TEMP_NAME = /^\..+\.hark-([0-9a-f]{6})-(\d{1,10})-[0-9a-f]{8}\.tmp$/s;
const LEGACY_TEMP_NAME = /^\..+\.hark-[0-9a-f]{8}\.tmp$/s;
/** How long a temp file from another machine must be left alone before it counts as abandoned. */
const FOREIGN_STALE_MS = 24 * 60 * 60 * 1000;

const HOST_TAG = createHash('sha1').update(hostname()).digest('hex').slice(0, 6);

/** Where a new version of `path` is built: a unique name in the same folder (so the rename is atomic). */
export function tempPathFor(path: string): string {
  const name = `.${basename(path)}.hark-${HOST_TAG}-${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  return join(dirname(path), name);
}

/** Whether a folder entry's name is one of Hark's temp files (cheap: for every name a scan lists). */
export function isHarkTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp') && (TEMP_NAME.test(name) || LEGACY_TEMP_NAME.test(name));
}

/**
 * Removes the Hark temp files among `names` (entries of `folder`) that no live process owns; returns the paths
 * removed. Never throws: litter that cannot be removed now is tried again next time.
 */
export async function removeStaleTemps(folder: string, names: Iterable<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const name of names) {
    if (!isHarkTempName(name)) continue;
    const owner = TEMP_NAME.exec(name);
    const path = join(folder, name);
    try {
      const info = await lstat(fsPath(path));
      if (!info.isFile()) continue;
      const owned =
        owner?.[1] === HOST_TAG ? isRunning(Number(owner[2])) : Date.now() - info.mtimeMs < FOREIGN_STALE_MS;
      if (owned) continue;
      await unlink(fsPath(path));
      removed.push(path);
    } catch {
      // Gone already (its own writer finished or cleaned up), or not ours to remove: leave it.
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
