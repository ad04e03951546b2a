import { randomUUID } from 'node:crypto';
import { relative, sep } from 'node:path';
import type { Db } from '../store/database';
import { countProblemsUnder } from '../store/problems';
import type { SharedDb } from '../store/shared/connection';
import { registerSharedFiles } from '../store/shared/files';
import { queueEdit } from '../store/shared/outbox';
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
  /** Files moved or removed on the server (with their tags and results) as this seat's queue told it. */
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
 * Keeps what the pass saw move or go for the server, in the seat's queue of edits: each file it kept under a new path
 * moved, each it dropped went. Nothing unless the pass saw the whole root without a problem (an unreadable folder or
 * an unmounted share must not read as "these files were deleted" for every seat), and nothing from a reader's seat
 * (its login may not change the catalogue). Queued before the server is asked, so that a pass made while it is out of
 * reach is told once it is back, each move and removal once (the queue's edit ids).
 */
export function queuePassChanges(
  db: Db,
  config: SeatConfig,
  sharedRootId: number,
  root: { id: number; path: string },
  before: RootSnapshot,
  pass: CatalogueStats,
): void {
  if (config.access === 'reader' || pass.rootMissing || countProblemsUnder(db, root.path) > 0) return;
  const now = snapshotRoot(db, root);
  const file = (relPath: string) => ({ editId: randomUUID(), rootId: sharedRootId, relPath });
  db.transaction(() => {
    for (const [id, from] of before) {
      const to = now.get(id);
      if (to === undefined) queueEdit(db, { ...file(from), edit: { kind: 'remove' } });
      else if (to !== from) queueEdit(db, { ...file(from), edit: { kind: 'move', to } });
    }
  })();
}

/**
 * After the pass (and queuePassChanges): this seat's waiting edits, which hold what the pass saw move or go (and a
 * rename of its own made while the server was away, which must reach it before the pass registers the new name as a
 * new file), then every file of the root (new ones to analyse, changed ones to analyse again). A reader's seat tells
 * nothing.
 */
export async function tellServerAfterPass(
  db: Db,
  shared: SharedDb,
  config: SeatConfig,
  sharedRootId: number,
  root: { id: number; path: string },
): Promise<ServerChanges> {
  if (config.access === 'reader') return { moved: 0, removed: 0, registered: 0 };
  const tally = { moved: 0, removed: 0 };
  await sendQueuedEdits(db, shared, config.seat, tally);
  const files = localFilesOfRoot(db, root.id).map((file) => ({
    relPath: below(root.path, file.path),
    size: file.size,
    quickHash: file.quickHash,
  }));
  return { ...tally, registered: await registerSharedFiles(shared, sharedRootId, files) };
}
