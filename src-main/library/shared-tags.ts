import { join, relative, sep } from 'node:path';
import type { Db } from '../store/database';
import { getFileRowByPath } from '../store/files';
import { readNote, writeNote } from '../store/settings';
import { changesSince, listenForChanges, recordTagChange } from '../store/shared/changes';
import type { SharedDb } from '../store/shared/connection';
import type { SeatConfig } from '../store/shared/seat-config';
import { changeUserTags } from '../store/tags';

/** The last change of the sequence this library has applied. */
const APPLIED_NOTE = 'sharedCatalogue.appliedSeq';

/** A local file's place on the server (its mapped root, its path below it); null outside the mapped folders. */
export function sharedLocation(config: SeatConfig, path: string): { rootId: number; relPath: string } | null {
  for (const root of config.roots) {
    const rel = relative(root.localPath, path);
    if (rel && !rel.startsWith('..') && !rel.startsWith(sep))
      return { rootId: root.sharedRootId, relPath: rel.split(sep).join('/') };
  }
  return null;
}

/** Sends one file's tag edit (its tags before and after, as this seat set them) to the change sequence. */
export async function pushTagEdit(
  shared: SharedDb,
  config: SeatConfig,
  path: string,
  before: readonly string[],
  after: readonly string[],
): Promise<void> {
  const location = sharedLocation(config, path);
  if (!location) return;
  const lower = (tags: readonly string[]) => new Set(tags.map((tag) => tag.toLowerCase()));
  const [had, has] = [lower(before), lower(after)];
  const added = after.filter((tag) => !had.has(tag.toLowerCase()));
  const removed = before.filter((tag) => !has.has(tag.toLowerCase()));
  if (added.length || removed.length) await recordTagChange(shared, config.seat, location, added, removed);
}

/**
 * Keeps the local library's tags following the change sequence: catches up on start, then again on each
 * notification. Catch-ups run one at a time; a notification during one makes it run once more.
 */
export class TagFollower {
  private stopListening: (() => Promise<void>) | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly db: Db,
    private readonly shared: SharedDb,
    private readonly config: SeatConfig,
    private readonly onApplied: (changes: number) => void,
  ) {}

  async start(): Promise<void> {
    this.stopListening = await listenForChanges(
      this.shared,
      () => void this.catchUp(),
      (error) =>
        console.warn(`Hark: lost the shared catalogue's change feed (${error.message}); searching stays local`),
    );
    await this.catchUp();
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = null;
    await this.running;
  }

  catchUp(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.applyPending().catch((error: Error) =>
          console.warn(`Hark: could not follow the shared catalogue: ${error.message}`),
        );
      } while (this.again);
    })().finally(() => (this.running = null));
    return this.running;
  }

  private async applyPending(): Promise<void> {
    const paths = new Map(this.config.roots.map((root) => [root.sharedRootId, root.localPath]));
    // The library closes without waiting for the follower (Hark.close is synchronous): stop at once when it has.
    while (this.db.open) {
      const applied = Number(readNote(this.db, APPLIED_NOTE) ?? 0);
      const changes = await changesSince(this.shared, [...paths.keys()], applied);
      if (changes.length === 0 || !this.db.open) return;
      // Applied in sequence order, the edits leave the same tags as on the server (the later edit of a tag wins);
      // this seat's own edits are already here, and applying them again changes nothing.
      this.db.transaction(() => {
        for (const change of changes) {
          const file = getFileRowByPath(this.db, join(paths.get(change.rootId)!, ...change.relPath.split('/')));
          if (file) changeUserTags(this.db, [file.id], change.added, change.removed);
        }
        writeNote(this.db, APPLIED_NOTE, String(changes.at(-1)!.seq));
      })();
      this.onApplied(changes.length);
    }
  }
}
