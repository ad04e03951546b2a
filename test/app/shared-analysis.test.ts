import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SharedAnalysisProgress } from '../../src-main/api/contract';
import type { Hark } from '../../src-main/app/hark';
import { validateRequest } from '../../src-main/app/validate';
import { runHark } from '../helpers/cli';
import { openTestCore, waitFor } from '../helpers/open-core';
import { usePostgres } from '../helpers/postgres';
import { connectSeats, onServer } from '../helpers/seats';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// Settings' "Analyse with the other seats": the service starts the seat's run in the background (the same runSeat
// the CLI runs), reports it, and stops it; against a real PostgreSQL, with no models (decode and peaks only).

function library(dir: string, files: number, seconds = 0.5): string {
  const folder = join(dir, 'library');
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < files; i++)
    tone(folder, `tone_${String(i).padStart(2, '0')}.wav`, { seconds, freq: 200 + i * 20 });
  return folder;
}

/** The core of a seat whose library holds `folder`, connected to `url` as `seat` with the folder shared as SFX. */
async function seatCore(dir: string, folder: string, url: string, seat: string): Promise<Hark> {
  const hark = await openTestCore(dir);
  await hark.addRoot({ path: folder });
  await hark.connectCatalogue({ url, seat });
  await hark.mapCatalogueRoot({ folder, name: 'SFX' });
  return hark;
}

/** Every `shared-analysis` event the core sends, and a wait for the run to end. */
function watch(hark: Hark) {
  const seen: SharedAnalysisProgress[] = [];
  hark.onEvent((event) => {
    if (event.type === 'shared-analysis') seen.push(event.progress);
  });
  const ended = () => waitFor(() => seen.length > 0 && !seen.at(-1)!.running, 60_000).then(() => seen.at(-1)!);
  return { seen, ended };
}

const logged = (url: string) =>
  onServer<{ seat: string; n: number }>(
    url,
    'SELECT seat, count(*)::int AS n FROM analysis_log GROUP BY seat ORDER BY seat',
  );
const twice = (url: string) => onServer(url, 'SELECT file_id FROM analysis_log GROUP BY file_id HAVING count(*) > 1');

describe('shared analysis started and stopped by the service', () => {
  const server = usePostgres();
  const tempDir = useTempDirs();

  it('analyses the shared folder in the background, reports it, and counts each file once beside a CLI seat', async () => {
    const dir = tempDir();
    const total = 16;
    const folder = library(dir, total, 4);
    const url = await server.freshDatabase();
    const hark = await seatCore(join(dir, 'app'), folder, url, 'desk-app');
    const [cli] = await connectSeats(join(dir, 'cli'), folder, url, ['desk-cli']);
    try {
      const { seen, ended } = watch(hark);
      const started = await hark.startSharedAnalysis({});
      expect(started).toMatchObject({ running: true, phase: 'cataloguing', analysed: 0 });
      // A second start while it runs starts nothing: it answers the run's progress.
      expect((await hark.startSharedAnalysis({})).running).toBe(true);
      const other = runHark(['--db', cli!.db, 'catalogue', 'analyse', '--workers', '1'], {
        HARK_MODELS_DIR: join(dir, 'no-models'),
      });
      const last = await ended();
      const result = await other;
      expect(result.code, result.stderr).toBe(0);

      const perSeat = await logged(url);
      const byApp = perSeat.find((row) => row.seat === 'desk-app')?.n ?? 0;
      expect(perSeat.reduce((sum, row) => sum + row.n, 0)).toBe(total);
      expect(await twice(url)).toEqual([]);
      expect(byApp).toBeGreaterThan(0);
      expect(last).toMatchObject({ running: false, phase: 'done', analysed: byApp, failed: 0, leased: 0 });
      expect(last.unclaimed).toBe(0);
      expect(last.error).toBeUndefined();
      // The phases in the order a seat goes through them, and the count growing file by file.
      const phases = [...new Set(seen.map((progress) => progress.phase))];
      expect(phases).toEqual(['cataloguing', 'analysing', 'copying', 'done']);
      expect(seen.filter((p) => p.phase === 'analysing').map((p) => p.analysed)).toContain(1);
      // What the CLI seat analysed was copied in: this library has every file analysed, like the CLI's.
      const info = await hark.getInfo();
      expect(info.analysed).toBe(total);
      expect(last.copied).toBe(total - byApp);
      expect((await hark.getCatalogueStatus({})).analysis).toMatchObject({ phase: 'done', analysed: byApp });
    } finally {
      hark.close();
    }
  }, 180_000);

  it('stops: no more claims, nothing left leased to it, and a new start finishes the rest once', async () => {
    const dir = tempDir();
    const total = 24;
    const folder = library(dir, total, 4);
    const url = await server.freshDatabase();
    const hark = await seatCore(dir, folder, url, 'desk-a');
    try {
      const { ended } = watch(hark);
      // Stop is pressed once the seat has analysed two files (it answers once the run has ended).
      let stopping: Promise<SharedAnalysisProgress> | null = null;
      const unsubscribe = hark.onEvent((event) => {
        if (event.type !== 'shared-analysis' || event.progress.analysed < 2) return;
        unsubscribe();
        stopping = hark.stopSharedAnalysis({});
      });
      await hark.startSharedAnalysis({ leaseSeconds: 120 });
      const stopped = await ended();
      expect(await stopping).toEqual(stopped);
      expect(stopped).toMatchObject({ running: false, phase: 'stopped' });
      expect(stopped.analysed).toBeGreaterThanOrEqual(2);
      expect(stopped.analysed).toBeLessThan(total);
      // The files in hand were finished; none stays leased to the stopped seat (another seat may take them now).
      expect(await logged(url)).toEqual([{ seat: 'desk-a', n: stopped.analysed }]);
      expect(await onServer(url, "SELECT id FROM files WHERE lease_owner = 'desk-a' AND lease_until > now()")).toEqual(
        [],
      );
      expect(stopped).toMatchObject({ unclaimed: total - stopped.analysed, leased: 0 });
      // Settings, opened later, reads the same from the catalogue status (the server's counts asked again).
      expect((await hark.getCatalogueStatus({})).analysis).toEqual(stopped);
      expect((await hark.getInfo()).analysed).toBe(stopped.analysed);

      const again = watch(hark);
      await hark.startSharedAnalysis({});
      const done = await again.ended();
      expect(done).toMatchObject({ phase: 'done', analysed: total - stopped.analysed, unclaimed: 0, leased: 0 });
      expect(await logged(url)).toEqual([{ seat: 'desk-a', n: total }]);
      expect(await twice(url)).toEqual([]);
      // Stopping when nothing runs is no error: it answers how the last run ended.
      expect(await hark.stopSharedAnalysis({})).toMatchObject({ running: false, phase: 'done' });
    } finally {
      hark.close();
    }
  }, 180_000);

  it("refuses a reader's seat with why, and a library with no shared folder", async () => {
    const dir = tempDir();
    const folder = library(dir, 2);
    const url = await server.freshDatabase();
    const owner = await seatCore(join(dir, 'owner'), folder, url, 'desk-owner');
    owner.close();
    await onServer(url, 'CREATE ROLE viewer LOGIN');
    const grant = await runHark(
      ['--db', join(dir, 'owner', 'library.db'), 'catalogue', 'grant', 'viewer', '--reader'],
      {
        HARK_MODELS_DIR: join(dir, 'owner', 'no-models'),
      },
    );
    expect(grant.code, grant.stderr).toBe(0);
    const asViewer = new URL(url);
    asViewer.username = 'viewer';
    const reader = await seatCore(join(dir, 'reader'), folder, asViewer.href, 'desk-reader');
    try {
      await expect(reader.startSharedAnalysis({})).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining('may not analyse for it: an editor seat analyses'),
      });
      // A reader's seat has no analysis of its own to count the server's work for.
      expect((await reader.getCatalogueStatus({})).analysis).toEqual({
        running: false,
        phase: 'idle',
        analysed: 0,
        failed: 0,
        refused: 0,
        copied: 0,
      });
    } finally {
      reader.close();
    }
    const unmapped = await openTestCore(join(dir, 'unmapped'));
    try {
      await unmapped.connectCatalogue({ url, seat: 'desk-new' });
      await expect(unmapped.startSharedAnalysis({})).rejects.toMatchObject({
        code: 'bad-request',
        message: expect.stringContaining('no folder of this library is shared yet'),
      });
    } finally {
      unmapped.close();
    }
  });

  it('validates its requests like every other call', () => {
    expect(validateRequest('startSharedAnalysis', { leaseSeconds: 30 })).toEqual({ leaseSeconds: 30 });
    expect(validateRequest('stopSharedAnalysis', undefined)).toEqual({});
    expect(() => validateRequest('startSharedAnalysis', { leaseSeconds: 'long' })).toThrow(
      'startSharedAnalysis.leaseSeconds must be a number',
    );
    expect(() => validateRequest('stopSharedAnalysis', { now: true })).toThrow(
      'stopSharedAnalysis.now is not a known field',
    );
  });
});
