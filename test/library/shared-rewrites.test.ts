import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queueSharedRewrite, sendQueuedEdits } from '../../src-main/library/shared-edits';
import { queuedEdits } from '../../src-main/store/shared/outbox';
import { runHark } from '../helpers/cli';
import { waitFor } from '../helpers/open-core';
import { usePostgres } from '../helpers/postgres';
import { connectSeats, localAnalysis, onServer, withQueueSeat, type Seat } from '../helpers/seats';
import { callApi as call } from '../helpers/serve-api';
import { useServeProcesses } from '../helpers/serve-process';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// Hark writing a shared file's tags (meta set, caption --write): the audio stays bit-identical, so the server keeps
// the file's analysis under its new size and hash instead of owing it a new one. Real serve and CLI processes, a
// real PostgreSQL server.

describe("Hark's tag writes into shared files", () => {
  const server = usePostgres();
  const tempDir = useTempDirs();
  const serveSeat = useServeProcesses();

  const door = (url: string) =>
    onServer<{ size: number; status: string; analysed: boolean }>(
      url,
      `SELECT size::int, status, EXISTS (SELECT 1 FROM analysis a WHERE a.file_id = f.id) AS analysed
       FROM files f WHERE rel_path = 'door.wav'`,
    );

  it('keep the analysis on the server and on the other seat: no seat analyses the rewritten file again', async () => {
    const dir = tempDir();
    const folder = join(dir, 'library');
    mkdirSync(folder);
    tone(folder, 'door.wav');
    tone(folder, 'rain.wav', { freq: 880 });
    const env = { HARK_MODELS_DIR: join(dir, 'no-models') };
    const url = await server.freshDatabase();
    const [a, b] = (await connectSeats(dir, folder, url, ['desk-a', 'desk-b'])) as [Seat, Seat];
    for (const seat of [a, b])
      expect((await runHark(['--db', seat.db, 'catalogue', 'analyse', '--workers', '1'], env)).code).toBe(0);
    const before = (await door(url))[0]!;

    const serve = await serveSeat(a.db, env);
    const library = new Database(a.db, { readonly: true });
    const fileId = library.prepare("SELECT id FROM files WHERE name = 'door.wav'").pluck().get() as number;
    library.close();
    await call(serve, 'setMeta', { fileId, description: 'Oak door slams shut' });
    const written = statSync(join(a.folder, 'door.wav')).size;
    expect(written).toBeGreaterThan(before.size);
    await waitFor(async () => (await door(url))[0]!.size === written, 5_000);
    expect(await door(url)).toEqual([{ size: written, status: 'analysed', analysed: true }]);
    await serve.stop();

    // On one NAS every seat sees the written file: here each seat has its own copy of the folder.
    copyFileSync(join(a.folder, 'door.wav'), join(b.folder, 'door.wav'));
    for (const seat of [a, b]) {
      const indexed = await runHark(['--db', seat.db, 'index', '--workers', '1'], env);
      expect(indexed.code, indexed.stderr).toBe(0);
      expect(indexed.stdout).toContain('Analysis: 0 analysed, 0 failed');
      expect(localAnalysis(seat).analysed).toBe(2);
    }
    expect(await door(url)).toEqual([{ size: written, status: 'analysed', analysed: true }]);
    expect(await onServer(url, 'SELECT count(*)::int AS n FROM analysis_log')).toEqual([{ n: 2 }]);
  }, 120_000);

  it('leave a row another seat saw at another version to registration', async () => {
    await withQueueSeat(await server.freshDatabase(), join(tempDir(), 'seat.db'), async ({ shared, db, config }) => {
      const oak = '/Volumes/SFX/doors/oak.wav';
      const version = () =>
        shared.pool.query("SELECT size::int, quick_hash FROM files WHERE rel_path = 'doors/oak.wav'");
      // Nothing to send: the same version, or a reader's seat.
      expect(queueSharedRewrite(db, config, oak, { size: 10, quickHash: 'h1' }, { size: 10, quickHash: 'h1' })).toBe(
        false,
      );
      const reader = { ...config, access: 'reader' as const };
      expect(queueSharedRewrite(db, reader, oak, { size: 10, quickHash: 'h1' }, { size: 12, quickHash: 'h2' })).toBe(
        false,
      );
      expect(queueSharedRewrite(db, config, oak, { size: 10, quickHash: 'h1' }, { size: 12, quickHash: 'h2' })).toBe(
        true,
      );
      // Written again from the version it had first (another process's stale view): the server is not at it now.
      expect(queueSharedRewrite(db, config, oak, { size: 10, quickHash: 'h1' }, { size: 14, quickHash: 'h3' })).toBe(
        true,
      );
      expect(await sendQueuedEdits(db, shared, 'desk-a')).toEqual({ sent: 2 });
      expect((await version()).rows).toEqual([{ size: 12, quick_hash: 'h2' }]);
      expect(queuedEdits(db)).toEqual([]);
    });
  });
});
