// The crash campaign, kept in the suite: `hark index` killed with -9 again and again, at varied moments (while
// Node starts, while the catalogue pass runs, between and during analysed files), over a real library (Debian's
// CC0 sonic-pi samples). After every kill the database passes `PRAGMA integrity_check` and no analysed file was
// analysed again; the last, uninterrupted run analyses exactly the files not analysed yet.
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHark, startHark } from '../helpers/cli';
import { SONIC_PI } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Snapshot {
  catalogued: number;
  /** file id -> analysed_at, for every analysed file */
  analysed: Map<number, number>;
  /** PRAGMA integrity_check's answer, when asked for. */
  integrity?: string;
}

/** What the library holds now, read as another process would (WAL: committed writes only). */
function snapshot(dbPath: string, checkIntegrity = false): Snapshot {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT id, analysed_at FROM files WHERE status = 'analysed'").all() as {
      id: number;
      analysed_at: number;
    }[];
    return {
      catalogued: (db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number }).n,
      analysed: new Map(rows.map((row) => [row.id, row.analysed_at])),
      integrity: checkIntegrity ? (db.pragma('integrity_check', { simple: true }) as string) : undefined,
    };
  } finally {
    db.close();
  }
}

describe('hark index killed with -9, again and again', () => {
  const tempDir = useTempDirs();

  it('keeps the database intact and never analyses a file twice', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    const samples = readdirSync(SONIC_PI).filter((name) => name.endsWith('.flac'));
    for (const name of samples) copyFileSync(join(SONIC_PI, name), join(library, name));
    const total = samples.length;
    expect(total).toBeGreaterThan(100);
    const env = { HARK_MODELS_DIR: join(dir, 'models') };
    mkdirSync(env.HARK_MODELS_DIR);
    const dbPath = join(dir, 'library.db');
    expect((await runHark(['--db', dbPath, 'add', library], env)).code).toBe(0);

    /** Starts an index run, kills it once `when` holds (and `extraMs` more), and checks what it left. */
    let kills = 0;
    let seen = new Map<number, number>();
    const killWhen = async (when: (started: number, state: Snapshot) => boolean, extraMs = 0) => {
      const child = startHark(['--db', dbPath, 'index', '--workers', '1'], env);
      let exited = false;
      const exit = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      void exit.then(() => (exited = true));
      const started = Date.now();
      while (!exited && !when(started, snapshot(dbPath))) await sleep(5);
      if (extraMs > 0) await sleep(extraMs);
      if (!exited) child.kill('SIGKILL');
      await exit;
      if (child.signalCode === 'SIGKILL') kills++;
      const after = snapshot(dbPath, true);
      expect(after.integrity).toBe('ok');
      // 0 redone: every file analysed before keeps the analysis it had (same analysed_at).
      for (const [id, at] of seen) expect(after.analysed.get(id), `file ${id}`).toBe(at);
      seen = after.analysed;
      return after;
    };

    // While Node starts and opens the database, then twice in the catalogue pass.
    await killWhen((started) => Date.now() - started >= 40);
    await killWhen((started) => Date.now() - started >= 300);
    await killWhen((_, state) => state.catalogued >= 30);
    await killWhen((_, state) => state.catalogued >= 90);
    // In the analysis pass: after a few more files each time, at once or a little into the next file.
    const steps: [number, number][] = [
      [1, 0],
      [2, 5],
      [1, 17],
      [3, 0],
      [1, 31],
      [2, 3],
      [4, 0],
      [1, 11],
    ];
    for (const [more, extraMs] of steps) {
      const before = seen.size;
      await killWhen((_, state) => state.analysed.size >= before + more, extraMs);
    }
    expect(kills).toBeGreaterThanOrEqual(10);
    expect(seen.size).toBeLessThan(total); // some work is left for the last run, or the kills came too late

    const final = await runHark(['--db', dbPath, 'index'], env);
    expect(final.code).toBe(0);
    expect(final.stdout).toContain(`Analysis: ${total - seen.size} analysed, 0 failed`);
    const end = snapshot(dbPath, true);
    expect(end.integrity).toBe('ok');
    expect(end.catalogued).toBe(total);
    expect(end.analysed.size).toBe(total);
    for (const [id, at] of seen) expect(end.analysed.get(id), `file ${id}`).toBe(at);
  }, 240_000);
});
