import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHark, startHark } from '../helpers/cli';
import { waitFor } from '../helpers/open-core';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

describe('hark index after kill -9', () => {
  const tempDir = useTempDirs();

  it('resumes without redoing any finished file', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    // Long stereo files at 48 kHz so that analysis takes long enough to be interrupted.
    const total = 24;
    for (let i = 0; i < total; i++)
      tone(library, `tone_${String(i).padStart(2, '0')}.wav`, {
        seconds: 30,
        freq: 100 + i * 20,
        rate: 48000,
        channels: 2,
      });
    const env = { HARK_MODELS_DIR: join(dir, 'models') };
    mkdirSync(env.HARK_MODELS_DIR);
    const dbPath = join(dir, 'library.db');
    expect((await runHark(['--db', dbPath, 'add', library], env)).code).toBe(0);

    const child = startHark(['--db', dbPath, 'index', '--workers', '1'], env);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const analysed = () => {
      try {
        const db = new Database(dbPath, { readonly: true, fileMustExist: true });
        try {
          return db.prepare("SELECT id, analysed_at FROM files WHERE status = 'analysed'").all() as {
            id: number;
            analysed_at: number;
          }[];
        } finally {
          db.close();
        }
      } catch {
        return [];
      }
    };
    await waitFor(() => analysed().length >= 2, 60_000);
    child.kill('SIGKILL');
    await exited;
    const before = analysed();
    expect(before.length).toBeLessThan(total); // otherwise the kill came too late to test anything

    const rerun = await runHark(['--db', dbPath, 'index'], env);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`Catalogue: ${total} files (0 new`);
    expect(rerun.stdout).toContain(`Analysis: ${total - before.length} analysed, 0 failed`);
    const after = new Map(analysed().map((row) => [row.id, row.analysed_at]));
    expect(after.size).toBe(total);
    for (const row of before) expect(after.get(row.id)).toBe(row.analysed_at);
  });
});
