import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWav, int16Bytes, soxTone } from '../audio/helpers/fixtures';
import { runHark } from '../helpers/cli';
import { useTempDirs } from '../helpers/temp';

// Files that used to fail on every index run: AIFF at the classic Mac rates (now decoded), Wave64 (now read), and a
// WAV declaring 2^31-1 Hz (refused, once: a permanent failure is not tried again until the file or pipeline changes).
const ROWS = 'SELECT name, status, error_stage, error, analysed_at FROM files ORDER BY name';

describe('hark index over files that used to fail on every run', () => {
  const tempDir = useTempDirs();

  it('analyses what it can, records why not for the rest, and the next run analyses none of them', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    soxTone(join(library, 'mac-22k.aiff'), { rate: 22254.5454, seconds: 1, format: ['-b', '16'] });
    soxTone(join(library, 'mac-11k.aiff'), { rate: 11127.2727, seconds: 1, format: ['-b', '8'] });
    soxTone(join(library, 'sony.w64'), { rate: 48000, channels: 2, seconds: 1, format: ['-t', 'w64', '-b', '24'] });
    const absurd = buildWav({ sampleRate: 2 ** 31 - 1, data: int16Bytes(Array.from({ length: 8000 }, (_, i) => i)) });
    writeFileSync(join(library, 'absurd-rate.wav'), absurd);
    const env = { HARK_MODELS_DIR: join(dir, 'models') };
    mkdirSync(env.HARK_MODELS_DIR);
    const dbPath = join(dir, 'library.db');
    expect((await runHark(['--db', dbPath, 'add', library], env)).code).toBe(0);

    const first = await runHark(['--db', dbPath, 'index'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Catalogue: 4 files (4 new, 0 changed, 0 moved, 0 removed, 0 unreadable)');
    expect(first.stdout).toContain('Analysis: 3 analysed, 1 failed');
    const db = new Database(dbPath, { readonly: true });
    try {
      const rows = db.prepare(ROWS).all();
      expect(rows).toMatchObject([
        {
          name: 'absurd-rate.wav',
          status: 'failed',
          error_stage: 'decode',
          error: expect.stringContaining('unsupported sample rate: 2147483647 Hz'),
        },
        { name: 'mac-11k.aiff', status: 'analysed', error: null },
        { name: 'mac-22k.aiff', status: 'analysed', error: null },
        { name: 'sony.w64', status: 'analysed', error: null },
      ]);
      const durations = db.prepare("SELECT name, duration FROM files WHERE status = 'analysed' ORDER BY name").all();
      for (const row of durations as { duration: number }[]) expect(row.duration).toBeCloseTo(1, 3);

      const second = await runHark(['--db', dbPath, 'index'], env);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('Catalogue: 4 files (0 new, 0 changed');
      expect(second.stdout).toContain('Analysis: 0 analysed, 0 failed');
      // Not tried again: the failure keeps the time it was recorded.
      expect(db.prepare(ROWS).all()).toEqual(rows);
    } finally {
      db.close();
    }
  }, 120_000);
});
