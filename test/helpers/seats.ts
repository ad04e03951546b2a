import Database from 'better-sqlite3';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
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
