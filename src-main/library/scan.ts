import type { Dirent } from 'node:fs';
import { opendir, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fsPath, pathFromBytes } from '../base/path-bytes';
import { isHarkTempName, removeStaleTemps } from '../metadata/temp-files';

/** Extensions Hark looks at. What a file really is gets decided later from its bytes, not from this list. */
export const AUDIO_EXTENSIONS = new Set([
  '.wav',
  '.wave',
  '.bwf',
  '.rf64',
  '.w64',
  '.aif',
  '.aiff',
  '.aifc',
  '.flac',
  '.mp3',
  '.ogg',
  '.oga',
  '.opus',
  '.m4a',
  '.mp4',
  '.aac',
]);

const NOT_A_FILE = 'not a regular file (a FIFO, socket or device)';

export interface WalkedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface WalkProblem {
  path: string;
  reason: string;
}

/**
 * Walks a folder tree for audio files. Survives what real disks do: symlink loops (each real directory is visited
 * once, by device + inode), folders it may not read, and files that vanish between listing and stat. Problems are
 * reported through `onProblem`; the walk goes on. Names that are not UTF-8 are read as bytes and kept in the escaped
 * form of base/path-bytes.ts, so that such a file is catalogued under a path that opens it again.
 */
export async function* walkAudioFiles(
  root: string,
  onProblem: (problem: WalkProblem) => void,
  shouldStop: () => boolean = () => false,
): AsyncGenerator<WalkedFile> {
  const visited = new Set<string>();
  const pending = [root];
  while (pending.length > 0) {
    if (shouldStop()) return;
    const folder = pending.pop()!;
    let folderStat;
    try {
      folderStat = await stat(fsPath(folder));
    } catch (error) {
      onProblem({ path: folder, reason: describeFsError(error) });
      continue;
    }
    const identity = `${folderStat.dev}:${folderStat.ino}`;
    if (visited.has(identity)) continue;
    visited.add(identity);

    let entries: Entry[];
    try {
      entries = await listFolder(folder, onProblem);
    } catch (error) {
      onProblem({ path: folder, reason: describeFsError(error) });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // What a killed metadata write left behind (metadata/temp-files.ts): removed once its process is gone.
    const litter = entries.filter((entry) => entry.isFile() && isHarkTempName(entry.name));
    if (litter.length > 0)
      await removeStaleTemps(
        folder,
        litter.map((entry) => entry.name),
      );
    const subfolders: string[] = [];
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.')) subfolders.push(path);
        continue;
      }
      const isAudioName = AUDIO_EXTENSIONS.has(extname(entry.name).toLowerCase());
      if (!entry.isFile() && !entry.isSymbolicLink()) {
        // A FIFO, socket or device under an audio name is never opened (a FIFO would block), but is said why.
        if (isAudioName) onProblem({ path, reason: NOT_A_FILE });
        continue;
      }
      if (!isAudioName && !entry.isSymbolicLink()) continue;
      let fileStat;
      try {
        fileStat = await stat(fsPath(path)); // follows symlinks: a linked file or folder counts as what it points to
      } catch (error) {
        onProblem({ path, reason: describeFsError(error) });
        continue;
      }
      if (fileStat.isDirectory()) {
        if (!entry.name.startsWith('.')) subfolders.push(path);
      } else if (fileStat.isFile() && isAudioName) {
        yield { path, size: fileStat.size, mtimeMs: Math.trunc(fileStat.mtimeMs) };
      } else if (isAudioName) {
        onProblem({ path, reason: NOT_A_FILE });
      }
    }
    // Reverse so that the walk visits folders in name order (pending is a stack).
    subfolders.sort().reverse();
    pending.push(...subfolders);
  }
}

/** A folder entry whose name is the stored form of base/path-bytes.ts. */
interface Entry {
  name: string;
  isDirectory(): boolean;
  isFile(): boolean;
  isSymbolicLink(): boolean;
}

/**
 * The whole listing (then stat in name order: predictable order, and a file that vanishes after the listing is
 * reported rather than silently missed). Names come as strings; only a folder where one decoded to U+FFFD (not
 * UTF-8) is listed again as bytes, so the common case costs nothing extra. Throws when the folder cannot be opened.
 */
async function listFolder(folder: string, onProblem: (problem: WalkProblem) => void): Promise<Entry[]> {
  const dir = await opendir(fsPath(folder));
  const entries: Dirent[] = [];
  try {
    for await (const entry of dir) entries.push(entry);
  } catch (error) {
    onProblem({ path: folder, reason: describeFsError(error) });
  }
  if (!entries.some((entry) => entry.name.includes('\ufffd'))) return entries;
  const raw = await readdir(fsPath(folder), { withFileTypes: true, encoding: 'buffer' });
  return raw.map((entry) => ({
    name: pathFromBytes(entry.name),
    isDirectory: () => entry.isDirectory(),
    isFile: () => entry.isFile(),
    isSymbolicLink: () => entry.isSymbolicLink(),
  }));
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'vanished during the scan';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EIO':
      return 'input/output error (failing disk?)';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
