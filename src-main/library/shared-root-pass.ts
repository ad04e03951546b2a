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
  const after = localFilesOfRoot(db, root.id);
  const now = new Map(after.map((file) => [file.id, below(root.path, file.path)]));
  const changes = await sendMovesAndRemovals(
    db,
    shared,
    config.seat,
    sharedRootId,
    root,
    pass.rootMissing,
    before,
    now,
  );
  const files = after.map((file) => ({ relPath: now.get(file.id)!, size: file.size, quickHash: file.quickHash }));
  return { ...changes, registered: await registerSharedFiles(shared, sharedRootId, files) };
}

/**
 * Each file the pass kept under a new path moved, each it dropped went. Only when the pass saw the whole root
 * without a problem: an unreadable folder or an unmounted share must not read as "these files were deleted" for
 * every seat.
 */
async function sendMovesAndRemovals(
  db: Db,
  shared: SharedDb,
  seat: string,
  sharedRootId: number,
  root: { path: string },
  rootMissing: boolean,
  before: RootSnapshot,
  now: Map<number, string>,
): Promise<{ moved: number; removed: number }> {
  if (rootMissing || countProblemsUnder(db, root.path) > 0) return { moved: 0, removed: 0 };
  const moved: { from: string; to: string }[] = [];
  const gone: string[] = [];
  for (const [id, from] of before) {
    const to = now.get(id);
    if (to === undefined) gone.push(from);
    else if (to !== from) moved.push({ from, to });
  }
  if (!moved.length && !gone.length) return { moved: 0, removed: 0 };
  return applySharedFileMoves(shared, seat, sharedRootId, moved, gone);
}
