import { randomUUID } from 'node:crypto';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { UcsTable } from '../metadata/ucs';
import type { Db } from '../store/database';
import { changeCollections } from '../store/collections';
import { getFileRowByPath, setFavourite } from '../store/files';
import { renameFileRow } from '../store/renames';
import { readNote, writeNote } from '../store/settings';
import { changesSince, listenForChanges, recordChange, type FileChange } from '../store/shared/changes';
import type { SharedDb } from '../store/shared/connection';
import { rewriteSharedFile } from '../store/shared/files';
import { moveSharedFile, removeSharedFile } from '../store/shared/moves';
import {
  dropQueuedEdit,
  dropWaitingEditsOf,
  queuedEdits,
  queueEdit,
  repathQueuedEdits,
  type FileMove,
  type FileRemove,
  type FileRewrite,
  type FileVersion,
  type QueuedEdit,
} from '../store/shared/outbox';
import type { SeatConfig } from '../store/shared/seat-config';
import { changeUserTags } from '../store/tags';
import { applySharedCaption, captionEditsBetween, type PersonCaptionState } from './shared-captions';

// A seat's edits of shared files (tags, collections, a person's captions and categories, Hark's renames and
// rewrites; its person's favourites) on their way to the server through a queue kept in the library, and the other seats' edits followed back into it.

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
    // Below the root: not the root itself, not above it ('..foo' is a name), not on another drive (absolute).
    if (rel && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
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
 * Keeps Hark's rename of a file (a UCS rename or its undo, in the same transaction as the library's) for the shared
 * catalogue, in order with the file's other edits. False when the file is outside the mapped folders, or leaves
 * its root (a rename never does).
 */
export function queueSharedMove(db: Db, config: SeatConfig, from: string, to: string): boolean {
  const [was, now] = [sharedLocation(config, from), sharedLocation(config, to)];
  if (!was || !now || was.rootId !== now.rootId) return false;
  queueEdit(db, { editId: randomUUID(), ...was, edit: { kind: 'move', to: now.relPath } });
  return true;
}

/**
 * Keeps Hark's rewrite of a shared file's tags (meta set, caption --write, their undo: the audio bit-identical) for
 * the shared catalogue, so that the server's row takes the new version with its analysis. False outside the mapped
 * folders, on a reader's seat (its login may not write there), or when the version did not change.
 */
export function queueSharedRewrite(
  db: Db,
  config: SeatConfig,
  path: string,
  from: FileVersion,
  to: FileVersion,
): boolean {
  const location = sharedLocation(config, path);
  if (!location || config.access === 'reader') return false;
  if (from.size === to.size && from.quickHash === to.quickHash) return false;
  queueEdit(db, { editId: randomUUID(), ...location, edit: { kind: 'rewrite', from, to } });
  return true;
}

/**
 * Sends the waiting edits to the server in the order they were made; each leaves the queue once the server has
 * it. An edit of a file the server does not know yet (no seat has registered it) waits, and so do that file's later
 * edits; the other files' edits go on. Throws when the server cannot be reached: what is left waits for next time.
 */
export async function sendQueuedEdits(
  db: Db,
  shared: SharedDb,
  seat: string,
  /** Counts the files the server moved and removed (a pass's report). */
  tally: { moved: number; removed: number } = { moved: 0, removed: 0 },
): Promise<{ sent: number }> {
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
      // Held means the server does not know the file: neither does it know it now.
      const unknown = held.has(file);
      if (edit.edit.kind === 'move' || edit.edit.kind === 'remove' || edit.edit.kind === 'rewrite') {
        await sendFileChange(db, shared, seat, { ...edit, edit: edit.edit }, unknown, held, tally);
        if (!db.open) return { sent };
        dropQueuedEdit(db, edit.id);
        sent++;
        continue;
      }
      if (unknown) continue;
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

/**
 * What happened to a file itself (a move, a removal, a rewrite of its tags), told to the server; it leaves the queue
 * after, whatever the server made of it. `unknown`: the server does not hold the file (an earlier edit of it was held).
 */
async function sendFileChange(
  db: Db,
  shared: SharedDb,
  seat: string,
  queued: QueuedEdit & { edit: FileMove | FileRemove | FileRewrite },
  unknown: boolean,
  held: Set<string>,
  tally: { moved: number; removed: number },
): Promise<void> {
  const { edit } = queued;
  if (edit.kind === 'rewrite') {
    // A file the server does not hold, or holds at another version, is left to the next pass's registration.
    await rewriteSharedFile(shared, queued.rootId, queued.relPath, edit.from, edit.to);
  } else if (edit.kind === 'remove') {
    if (!unknown && (await removeSharedFile(shared, queued.rootId, queued.relPath))) tally.removed++;
    // Edits waiting for a file the server never knew go with it.
    else if (unknown && db.open) dropWaitingEditsOf(db, queued, queued.id);
  } else {
    const moved = unknown
      ? 'unknown'
      : await moveSharedFile(shared, seat, queued.rootId, queued.relPath, edit.to, queued.editId);
    if (moved === 'moved') tally.moved++;
    if (moved === 'replaced') tally.removed++;
    // Not on the server: the file's earlier edits, waiting for it, wait for it at its new path, where the next pass
    // registers it (its later edits name that path already).
    if (moved === 'unknown' && db.open) {
      repathQueuedEdits(db, queued, edit.to, queued.id);
      if (unknown) held.add(`${queued.rootId}/${edit.to}`);
    }
  }
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
    /** The UCS table, for the CatID a moved file's new name carries (null: not installed). */
    private readonly ucsTable: UcsTable | null = null,
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
      // edit of a tag, a mark or a caption wins); this seat's own edits are already here, and applying them again
      // changes nothing. Each change names its file by the path it has now: the moves go first, so that the files
      // are there.
      const local = (rootId: number, relPath: string) => join(paths.get(rootId)!, ...relPath.split('/'));
      // Every move after the last change applied, however many batches away: a change of this batch names its file
      // by where the file is now. Applying them again next time changes nothing (each is from where it was to where
      // it went, in order).
      const moves = await changesSince(shared, [...paths.keys()], applied, { movesOnly: true });
      if (!this.db.open) return;
      this.db.transaction(() => {
        for (const change of moves)
          if (change.edit.kind === 'move' && change.seat !== config.seat) this.followMove(change, change.edit, local);
        for (const change of changes) {
          const file = getFileRowByPath(this.db, local(change.rootId, change.relPath));
          const { edit } = change;
          if (!file || edit.kind === 'move') continue;
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

  /**
   * Another seat saw a file move (or Hark moved it there): on one NAS this seat's disk holds the same move, so its
   * row moves too, keeping the file's analysis and edits. This seat's own moves are its rows' already (and one it
   * undid since must not come back). Nothing to do when this seat has already seen it (its pass found the file at
   * the new path).
   */
  private followMove(
    change: FileChange,
    move: { from: string; to: string },
    local: (rootId: number, relPath: string) => string,
  ): void {
    const [from, to] = [local(change.rootId, move.from), local(change.rootId, move.to)];
    const file = getFileRowByPath(this.db, from);
    if (!file || getFileRowByPath(this.db, to)) return;
    renameFileRow(this.db, file.id, to, this.ucsTable);
  }
}
