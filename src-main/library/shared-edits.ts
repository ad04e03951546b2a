import { randomUUID } from 'node:crypto';
import { join, relative, sep } from 'node:path';
import type { Db } from '../store/database';
import { changeCollections } from '../store/collections';
import { getFileRowByPath, setFavourite } from '../store/files';
import { readNote, writeNote } from '../store/settings';
import { changesSince, listenForChanges, recordChange } from '../store/shared/changes';
import type { SharedDb } from '../store/shared/connection';
import { dropQueuedEdit, queuedEdits, queueEdit } from '../store/shared/outbox';
import type { SeatConfig } from '../store/shared/seat-config';
import { changeUserTags } from '../store/tags';
import { applySharedCaption, captionEditsBetween, type PersonCaptionState } from './shared-captions';

// A seat's edits of shared files (tags, collections, a person's captions and categories; its person's favourites)
// on their way to the server through a queue kept in the library, and the other seats' edits followed back into it.

/** The last change of the sequence this library has applied. */
const APPLIED_NOTE = 'sharedCatalogue.appliedSeq';
/** The place of the last result a following seat copied (files.outcome_seq on the server). */
const COPIED_NOTE = 'sharedCatalogue.copiedOutcomeSeq';

export function copiedOutcomeSeq(db: Db): number {
  return Number(readNote(db, COPIED_NOTE) ?? 0);
}

export function setCopiedOutcomeSeq(db: Db, seq: number): void {
  writeNote(db, COPIED_NOTE, String(seq));
}

/** Another server: its sequences are not this one's, so following starts from their beginning. */
export function forgetFollowedPlace(db: Db): void {
  writeNote(db, APPLIED_NOTE, '0');
  writeNote(db, COPIED_NOTE, '0');
}

/** A local file's place on the server (its mapped root, its path below it); null outside the mapped folders. */
export function sharedLocation(config: SeatConfig, path: string): { rootId: number; relPath: string } | null {
  for (const root of config.roots) {
    const rel = relative(root.localPath, path);
    if (rel && !rel.startsWith('..') && !rel.startsWith(sep))
      return { rootId: root.sharedRootId, relPath: rel.split(sep).join('/') };
  }
  return null;
}

/**
 * Keeps one file's tag edit (its tags before and after, as this seat set them) for the shared catalogue, until the
 * server has it. False when there is nothing to send: no tag changed, or the file is outside the mapped folders.
 */
export function queueSharedTagEdit(
  db: Db,
  config: SeatConfig,
  path: string,
  before: readonly string[],
  after: readonly string[],
): boolean {
  const location = sharedLocation(config, path);
  if (!location) return false;
  const lower = (tags: readonly string[]) => new Set(tags.map((tag) => tag.toLowerCase()));
  const [had, has] = [lower(before), lower(after)];
  const added = after.filter((tag) => !had.has(tag.toLowerCase()));
  const removed = before.filter((tag) => !has.has(tag.toLowerCase()));
  if (!added.length && !removed.length) return false;
  queueEdit(db, { editId: randomUUID(), ...location, edit: { kind: 'tags', added, removed } });
  return true;
}

/**
 * Keeps a file's joining or leaving collections (by name: the same collection on every seat) for the shared
 * catalogue, where collections are the team's. False outside the mapped folders or when nothing changed.
 */
export function queueSharedCollectionEdit(
  db: Db,
  config: SeatConfig,
  path: string,
  edit: { added?: string[]; removed?: string[] },
): boolean {
  const location = sharedLocation(config, path);
  const [added, removed] = [edit.added ?? [], edit.removed ?? []];
  if (!location || (!added.length && !removed.length)) return false;
  queueEdit(db, { editId: randomUUID(), ...location, edit: { kind: 'collections', added, removed } });
  return true;
}

/**
 * Keeps a favourite mark set or cleared for the shared catalogue, where it is the person's own (their login's):
 * their other seats follow it, other people's do not. False outside the mapped folders.
 */
export function queueSharedFavourite(db: Db, config: SeatConfig, path: string, favourite: boolean): boolean {
  const location = sharedLocation(config, path);
  if (!location) return false;
  queueEdit(db, { editId: randomUUID(), ...location, edit: { kind: 'favourite', favourite } });
  return true;
}

/**
 * Keeps what a person's edit of a file's caption or category (or its undo) changed of the file's person caption and
 * category, for the shared catalogue. False outside the mapped folders or when neither changed.
 */
export function queueSharedCaptionEdits(
  db: Db,
  config: SeatConfig,
  path: string,
  before: PersonCaptionState,
  after: PersonCaptionState,
): boolean {
  const location = sharedLocation(config, path);
  const edits = location ? captionEditsBetween(before, after) : [];
  for (const edit of edits) queueEdit(db, { editId: randomUUID(), ...location!, edit });
  return edits.length > 0;
}

/**
 * Sends the waiting edits to the server in the order they were made; each leaves the queue once the server has
 * it. An edit of a file the server does not know yet (no seat has registered it) waits, and so do that file's later
 * edits; the other files' edits go on. Throws when the server cannot be reached: what is left waits for next time.
 */
export async function sendQueuedEdits(db: Db, shared: SharedDb, seat: string): Promise<{ sent: number }> {
  const held = new Set<string>();
  let sent = 0;
  let afterId = 0;
  // The library may close while the server answers (Hark.close does not wait): stop at once when it has.
  while (db.open) {
    const edits = queuedEdits(db, afterId);
    if (edits.length === 0) break;
    for (const edit of edits) {
      afterId = edit.id;
      const file = `${edit.rootId}/${edit.relPath}`;
      if (held.has(file)) continue;
      const seq = await recordChange(shared, seat, edit, edit.edit, edit.editId);
      if (!db.open) return { sent };
      if (seq === null) held.add(file);
      else {
        dropQueuedEdit(db, edit.id);
        sent++;
      }
    }
  }
  return { sent };
}

/** How long a follower waits before trying a lost server again: doubling from the first to the last. */
const RETRY_FIRST_MS = 500;
const RETRY_LAST_MS = 8_000;

/**
 * Keeps the local library's tags, collections, person captions and categories, this person's favourites and the
 * other seats' analysis results following the catalogue: catches up on start, then again on each notification;
 * before each catch-up, this seat's waiting edits are sent. Catch-ups run one at a time; a notification during one
 * makes it run once more. When the server is out of reach (at start, or later) the follower
 * keeps trying, and catches up once it is back.
 */
export class ChangeFollower {
  private stopListening: (() => Promise<void>) | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private retryMs = RETRY_FIRST_MS;
  private told = false;

  constructor(
    private readonly db: Db,
    /** The seat's connection (opened once, kept by the caller); throws while the server is out of reach. */
    private readonly openSeat: () => Promise<{ shared: SharedDb; config: SeatConfig }>,
    /** Sends this seat's waiting edits; never throws (it says what is kept). */
    private readonly sendEdits: () => Promise<void>,
    private readonly onApplied: (changes: number) => void,
    /** Copies the results other seats' analysis added since the last copy (after each catch-up). */
    private readonly copyResults: () => Promise<void> = async () => {},
  ) {}

  /** Whether the change feed is connected now. */
  get online(): boolean {
    return this.stopListening !== null;
  }

  /** Connects and catches up; when the server is out of reach, says so and keeps trying. */
  async start(): Promise<boolean> {
    await this.listen();
    return this.online;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.stopListening?.();
    this.stopListening = null;
    await this.running;
  }

  private async listen(): Promise<void> {
    try {
      const { shared } = await this.openSeat();
      const stop = await listenForChanges(
        shared,
        () => void this.catchUp(),
        (error) => this.lost(error),
      );
      if (this.stopped) return void (await stop());
      this.stopListening = stop;
      this.retryMs = RETRY_FIRST_MS;
      if (this.told) console.warn('Hark: the shared catalogue is back; catching up');
      this.told = false;
      await this.catchUp();
    } catch (error) {
      this.lost(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private lost(error: Error): void {
    this.stopListening = null;
    if (!this.told)
      console.warn(`Hark: the shared catalogue is out of reach (${error.message}); searching stays local, retrying`);
    this.told = true;
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.listen();
    }, this.retryMs);
    this.retry.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_LAST_MS);
  }

  catchUp(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.sendEdits();
        await this.applyPending().catch((error: Error) =>
          console.warn(`Hark: could not follow the shared catalogue: ${error.message}`),
        );
        await this.copyResults().catch((error: Error) =>
          console.warn(`Hark: could not copy the shared catalogue's new results: ${error.message}`),
        );
      } while (this.again);
    })().finally(() => (this.running = null));
    return this.running;
  }

  private async applyPending(): Promise<void> {
    const { shared, config } = await this.openSeat();
    const paths = new Map(config.roots.map((root) => [root.sharedRootId, root.localPath]));
    // The library closes without waiting for the follower (Hark.close is synchronous): stop at once when it has.
    while (this.db.open) {
      const applied = Number(readNote(this.db, APPLIED_NOTE) ?? 0);
      const changes = await changesSince(shared, [...paths.keys()], applied);
      if (changes.length === 0 || !this.db.open) return;
      // Applied in sequence order, the edits leave the same tags, favourites and captions as on the server (the later
      // edit of a tag, a mark or a caption wins); this seat's own edits are already here, and applying them again changes nothing.
      this.db.transaction(() => {
        for (const change of changes) {
          const file = getFileRowByPath(this.db, join(paths.get(change.rootId)!, ...change.relPath.split('/')));
          if (!file) continue;
          const { edit } = change;
          if (edit.kind === 'favourite') setFavourite(this.db, file.id, edit.favourite);
          else if (edit.kind === 'tags') changeUserTags(this.db, [file.id], edit.added, edit.removed);
          else if (edit.kind === 'caption' || edit.kind === 'category') applySharedCaption(this.db, file.id, edit);
          // This seat's own join of a collection it no longer has was undone here since (the collection deleted):
          // it does not bring the collection back.
          else changeCollections(this.db, file.id, edit.added, edit.removed, change.seat !== config.seat);
        }
        writeNote(this.db, APPLIED_NOTE, String(changes.at(-1)!.seq));
      })();
      this.onApplied(changes.length);
    }
  }
}
