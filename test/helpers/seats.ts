import Database from 'better-sqlite3';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Db } from '../../src-main/store/database';
import { openDatabase } from '../../src-main/store/database';
import { closeSharedDb, openSharedDb, type SharedDb } from '../../src-main/store/shared/connection';
import { registerSharedFiles } from '../../src-main/store/shared/files';
import { ensureSharedRoot } from '../../src-main/store/shared/roots';
import { migrateSharedSchema } from '../../src-main/store/shared/schema';
import type { SeatConfig } from '../../src-main/store/shared/seat-config';
import { runHark } from './cli';

/** One desktop of a shared catalogue: its own library database and its own mount of the shared folder. */
export interface Seat {
  name: string;
  db: string;
  folder: string;
}

/**
 * Seats that each see a copy of `library` at a path of their own (as /Volumes/SFX on one and /mnt/sfx on another),
 * each connected to `url` with the folder mapped to the shared root SFX.
 */
export async function connectSeats(dir: string, library: string, url: string, names: string[]): Promise<Seat[]> {
  return Promise.all(
    names.map(async (name) => {
      const folder = join(dir, `mount-of-${name}`, 'sfx');
      mkdirSync(join(dir, `mount-of-${name}`), { recursive: true });
      cpSync(library, folder, { recursive: true });
      const seat = { name, db: join(dir, `${name}.db`), folder };
      for (const args of [
        ['add', folder],
        ['catalogue', 'connect', url, '--seat', name],
        ['catalogue', 'map', folder, 'SFX'],
      ]) {
        const result = await runHark(['--db', seat.db, ...args]);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
      }
      return seat;
    }),
  );
}

export { onServer } from './postgres-cluster';

/** How a seat's own library sees the files: analysed ones, and how many hold the model's probabilities. */
export function localAnalysis(seat: Seat): { analysed: number; withProbs: number } {
  const db = new Database(seat.db, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT (SELECT count(*) FROM files WHERE status = 'analysed') AS analysed,
                (SELECT count(*) FROM analysis WHERE probs IS NOT NULL) AS withProbs`,
      )
      .get() as { analysed: number; withProbs: number };
  } finally {
    db.close();
  }
}

/** What a test of a seat's queue of edits works on: the seat's library and its migrated server. */
export interface QueueSeat {
  shared: SharedDb;
  db: Db;
  rootId: number;
  /** desk-a's seat, with the root SFX mapped at /Volumes/SFX. */
  config: SeatConfig;
}

/**
 * Runs `work` on a fresh library and a fresh migrated server whose root SFX holds doors/oak.wav, closing both after.
 */
export async function withQueueSeat(url: string, dbPath: string, work: (seat: QueueSeat) => Promise<void>) {
  const shared = openSharedDb(url);
  const db = openDatabase(dbPath);
  try {
    await migrateSharedSchema(shared);
    const rootId = await ensureSharedRoot(shared, 'SFX', 'desk-a', '/Volumes/SFX');
    await registerSharedFiles(shared, rootId, [{ relPath: 'doors/oak.wav', size: 10, quickHash: 'h1' }]);
    const config: SeatConfig = {
      url: 'unused',
      seat: 'desk-a',
      roots: [{ localPath: '/Volumes/SFX', sharedRootId: rootId, name: 'SFX' }],
    };
    await work({ shared, db, rootId, config });
  } finally {
    db.close();
    await closeSharedDb(shared);
  }
}
