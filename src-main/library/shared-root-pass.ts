import { relative, sep } from 'node:path';
import type { Db } from '../store/database';
import { countProblemsUnder } from '../store/problems';
import type { SharedDb } from '../store/shared/connection';
import { registerSharedFiles } from '../store/shared/files';
import { applySharedFileMoves } from '../store/shared/moves';
import { localFilesOfRoot } from '../store/shared/local-files';
import type { SeatConfig } from '../store/shared/seat-config';
import type { CatalogueStats } from './catalogue';
import { sendQueuedEdits } from './shared-edits';

// A mapped root's catalogue pass on a seat of a shared catalogue, whoever runs it (`hark catalogue analyse`, a plain
// `hark index`, the app's index runs): the files it knew before the pass, then what the pass changed, told to the
// server, so that a move seen by one seat keeps the file's analysis and tags for every seat.

/** The root's files (id to path below the root) as a pass found them before this one. */
export type RootSnapshot = Map<number, string>;

export interface ServerChanges {
  /** Files this seat saw move or go, moved or removed on the server (with their tags and results). */
  moved: number;
  removed: number;
  /** Files new or changed on the server after the pass. */
  registered: number;
}

const below = (rootPath: string, path: string) => relative(rootPath, path).split(sep).join('/');

export function snapshotRoot(db: Db, root: { id: number; path: string }): RootSnapshot {
  return new Map(localFilesOfRoot(db, root.id).map((file) => [file.id, below(root.path, file.path)]));
}

/**
 * After the pass: this seat's waiting edits (a rename of its own made while the server was away must reach it before
 * the pass registers the new name as a new file), what the pass saw move or go, then every file of the root (new
 * ones to analyse, changed ones to analyse again). A reader's seat tells nothing: its login may not change the
 * catalogue.
 */
export async function tellServerAfterPass(
  db: Db,
  shared: SharedDb,
  config: SeatConfig,
  sharedRootId: number,
  root: { id: number; path: string },
  before: RootSnapshot,
  pass: CatalogueStats,
): Promise<ServerChanges> {
  if (config.access === 'reader') return { moved: 0, removed: 0, registered: 0 };
  await sendQueuedEdits(db, shared, config.seat);
  const changes = await sendMovesAndRemovals(db, shared, config.seat, sharedRootId, root, before, pass);
  const files = localFilesOfRoot(db, root.id).map((file) => ({
    relPath: below(root.path, file.path),
    size: file.size,
    quickHash: file.quickHash,
  }));
  return { ...changes, registered: await registerSharedFiles(shared, sharedRootId, files) };
}

/**
 * What the pass saw: each file it kept under a new path moved, each it dropped went. Null unless the pass saw the
 * whole root without a problem: an unreadable folder or an unmounted share must not read as "these files were
 * deleted" for every seat.
 */
export function passMoves(
  db: Db,
  root: { id: number; path: string },
  before: RootSnapshot,
  pass: CatalogueStats,
): { moved: { from: string; to: string }[]; gone: string[] } | null {
  if (pass.rootMissing || countProblemsUnder(db, root.path) > 0) return null;
  const now = new Map(localFilesOfRoot(db, root.id).map((file) => [file.id, below(root.path, file.path)]));
  const moved: { from: string; to: string }[] = [];
  const gone: string[] = [];
  for (const [id, from] of before) {
    const to = now.get(id);
    if (to === undefined) gone.push(from);
    else if (to !== from) moved.push({ from, to });
  }
  return { moved, gone };
}

async function sendMovesAndRemovals(
  db: Db,
  shared: SharedDb,
  seat: string,
  sharedRootId: number,
  root: { id: number; path: string },
  before: RootSnapshot,
  pass: CatalogueStats,
): Promise<{ moved: number; removed: number }> {
  const seen = passMoves(db, root, before, pass);
  if (!seen || (!seen.moved.length && !seen.gone.length)) return { moved: 0, removed: 0 };
  return applySharedFileMoves(shared, seat, sharedRootId, seen.moved, seen.gone);
}
