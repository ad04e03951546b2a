import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHark, startHark, type CliResult } from '../helpers/cli';
import { waitFor } from '../helpers/open-core';
import { usePostgres } from '../helpers/postgres';
import { connectSeats, localAnalysis, onServer, type Seat } from '../helpers/seats';
import { startServeProcess } from '../helpers/serve-process';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// Three real `hark catalogue analyse` processes (the built CLI) on one shared catalogue, with the installed audio
// model: what issue 16 asks of shared analysis, counted on the server.

function library(dir: string, files: number, seconds: number): string {
  const folder = join(dir, 'library');
  mkdirSync(join(folder, 'kicks'), { recursive: true });
  for (let i = 0; i < files; i++) {
    const name = `${i % 2 ? 'kicks/' : ''}tone_${String(i).padStart(2, '0')}.wav`;
    tone(folder, name, { seconds, freq: 120 + i * 25, rate: 48000, channels: 2 });
  }
  return folder;
}

const analyse = (seat: Seat, extra: string[] = []) =>
  runHark(['--db', seat.db, 'catalogue', 'analyse', '--workers', '1', ...extra]);

/** Seconds a set of seats takes to analyse the library together, and what each said. */
async function timed(seats: Seat[]): Promise<{ seconds: number; results: CliResult[] }> {
  const started = performance.now();
  const results = await Promise.all(seats.map((seat) => analyse(seat)));
  for (const result of results) expect(result.code, result.stderr).toBe(0);
  return { seconds: (performance.now() - started) / 1000, results };
}

/** Accepted results per seat, and any file with more than one. */
async function serverCounts(url: string) {
  const perSeat = await onServer<{ seat: string; n: number }>(
    url,
    'SELECT seat, count(*)::int AS n FROM analysis_log GROUP BY seat ORDER BY seat',
  );
  const twice = await onServer(url, 'SELECT file_id FROM analysis_log GROUP BY file_id HAVING count(*) > 1');
  const files = await onServer<{ status: string; n: number }>(
    url,
    'SELECT status, count(*)::int AS n FROM files GROUP BY status',
  );
  const withProbs = await onServer<{ n: number }>(
    url,
    'SELECT count(*)::int AS n FROM analysis WHERE probs IS NOT NULL',
  );
  return { perSeat, twice, files, withProbs: withProbs[0]!.n };
}

describe('shared analysis by several seats', () => {
  const server = usePostgres();
  const tempDir = useTempDirs();

  it('analyses each file exactly once across three seats, and every seat ends with every result', async () => {
    const dir = tempDir();
    const total = 36;
    const folder = library(dir, total, 20);
    const [oneUrl, threeUrl] = [await server.freshDatabase(), await server.freshDatabase()];
    const [alone] = await connectSeats(join(dir, 'one'), folder, oneUrl, ['alone']);
    const seats = await connectSeats(join(dir, 'three'), folder, threeUrl, ['desk-a', 'desk-b', 'desk-c']);

    const one = await timed([alone!]);
    const three = await timed(seats);
    console.log(
      `shared analysis of ${total} files (20 s, 48 kHz stereo): one seat ${one.seconds.toFixed(1)} s, ` +
        `three seats ${three.seconds.toFixed(1)} s`,
    );

    const counts = await serverCounts(threeUrl);
    expect(counts.twice).toEqual([]);
    expect(counts.perSeat.map((row) => row.seat)).toEqual(['desk-a', 'desk-b', 'desk-c']);
    expect(counts.perSeat.reduce((sum, row) => sum + row.n, 0)).toBe(total);
    // Every seat did a share: the claims spread the work rather than one seat taking it all.
    for (const row of counts.perSeat) expect(row.n).toBeGreaterThan(0);
    expect(counts.files).toEqual([{ status: 'analysed', n: total }]);
    expect(counts.withProbs).toBe(total);
    seats.forEach((seat, i) => {
      const here = counts.perSeat[i]!.n;
      expect(three.results[i]!.stdout).toContain(`Shared analysis: ${here} analysed here, 0 failed`);
      // What the other seats analysed came through the server, model probabilities included.
      expect(localAnalysis(seat)).toEqual({ analysed: total, withProbs: total });
    });
    // A second run has nothing left to do.
    expect((await analyse(seats[0]!)).stdout).toContain('0 analysed here, 0 failed, 0 copied');
  }, 240_000);

  it('finishes the files of a seat killed mid-analysis once its leases lapse, none lost or done twice', async () => {
    const dir = tempDir();
    const total = 24;
    const folder = library(dir, total, 30);
    const url = await server.freshDatabase();
    const [victim, ...others] = await connectSeats(dir, folder, url, ['victim', 'desk-b', 'desk-c']);
    const lease = ['--lease-seconds', '2'];
    const child = startHark(['--db', victim!.db, 'catalogue', 'analyse', '--workers', '1', ...lease]);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const doneBy = async (seat: string) =>
      (await onServer<{ n: number }>(url, `SELECT count(*)::int AS n FROM analysis_log WHERE seat = '${seat}'`))[0]!.n;
    await waitFor(async () => (await doneBy('victim')) >= 2, 60_000);
    const finishing = Promise.all(others.map((seat) => analyse(seat, lease)));
    await waitFor(async () => (await doneBy('desk-b')) + (await doneBy('desk-c')) >= 1, 60_000);
    child.kill('SIGKILL');
    await exited;
    // The killed seat's claims outlive it, as leases.
    const orphaned = await onServer<{ id: string }>(url, "SELECT id FROM files WHERE lease_owner = 'victim'");
    expect(orphaned.length).toBeGreaterThan(0);
    const victimDone = await doneBy('victim');
    expect(victimDone).toBeLessThan(total);

    const results = await finishing;
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const counts = await serverCounts(url);
    expect(counts.twice).toEqual([]);
    expect(counts.files).toEqual([{ status: 'analysed', n: total }]);
    expect(counts.perSeat.find((row) => row.seat === 'victim')!.n).toBe(victimDone);
    expect(counts.perSeat.reduce((sum, row) => sum + row.n, 0)).toBe(total);
    const finishedBy = await onServer<{ seat: string }>(
      url,
      `SELECT seat FROM analysis_log WHERE file_id IN (${orphaned.map((row) => row.id).join(',')})`,
    );
    expect(finishedBy.map((row) => row.seat).sort()).not.toContain('victim');
    expect(finishedBy).toHaveLength(orphaned.length);
    for (const seat of others) expect(localAnalysis(seat)).toEqual({ analysed: total, withProbs: total });
  }, 240_000);

  it('leaves a file this seat cannot see to the seats that can, instead of failing it for all', async () => {
    const dir = tempDir();
    const folder = join(dir, 'library');
    mkdirSync(folder);
    for (let i = 0; i < 3; i++) tone(folder, `tone_${i}.wav`, { freq: 200 + i * 100 });
    const url = await server.freshDatabase();
    const [narrow, wide] = await connectSeats(dir, folder, url, ['narrow', 'wide']);
    // Another seat registered a file that this seat's mount does not hold (yet).
    const extra = tone(wide!.folder, 'only_on_wide.wav');
    await onServer(
      url,
      `INSERT INTO files (root_id, rel_path, size) SELECT id, 'only_on_wide.wav', ${statSync(extra).size} FROM roots`,
    );
    const models = join(dir, 'models');
    mkdirSync(models);
    const first = await runHark(
      ['--db', narrow!.db, 'catalogue', 'analyse', '--workers', '1', '--lease-seconds', '1'],
      {
        HARK_MODELS_DIR: models,
      },
    );
    expect(first.stdout).toContain('Shared analysis: 3 analysed here, 0 failed');
    // Not failed, and not held either: the seat gave its claim back as it ended, for a seat that sees the file.
    expect(await onServer(url, "SELECT status, lease_owner FROM files WHERE rel_path = 'only_on_wide.wav'")).toEqual([
      { status: 'pending', lease_owner: null },
    ]);
    const second = await runHark(['--db', wide!.db, 'catalogue', 'analyse', '--workers', '1'], {
      HARK_MODELS_DIR: models,
    });
    expect(second.stdout).toContain('Shared analysis: 1 analysed here, 0 failed, 3 copied from other seats');
  });

  it('moves and removes on the server what a seat saw move and go, with the results kept, never when its share is unmounted', async () => {
    const dir = tempDir();
    const folder = join(dir, 'library');
    mkdirSync(join(folder, 'wind'), { recursive: true });
    tone(folder, 'door.wav');
    tone(folder, 'rain.wav', { freq: 660 });
    tone(join(folder, 'wind'), 'wind.wav', { freq: 880 });
    const url = await server.freshDatabase();
    const [a, b] = (await connectSeats(dir, folder, url, ['desk-a', 'desk-b'])) as [Seat, Seat];
    const models = join(dir, 'models');
    mkdirSync(models);
    const analyseOn = (seat: Seat) =>
      runHark(['--db', seat.db, 'catalogue', 'analyse', '--workers', '1'], { HARK_MODELS_DIR: models });
    expect((await analyseOn(a)).stdout).toContain('3 analysed here');
    expect((await analyseOn(b)).stdout).toContain('3 copied from other seats');
    const onTheServer = () =>
      onServer<{ rel_path: string; status: string; analysed: boolean }>(
        url,
        `SELECT rel_path, status, EXISTS (SELECT 1 FROM analysis a WHERE a.file_id = f.id) AS analysed
         FROM files f ORDER BY rel_path`,
      );

    // A share that is not mounted on this seat is no reason to drop its files for everyone (the catalogue pass keeps
    // them, so nothing is sent).
    renameSync(a.folder, `${a.folder}.away`);
    const unmounted = await analyseOn(a);
    expect(unmounted.code).toBe(0);
    expect((await onTheServer()).map((file) => file.rel_path)).toEqual(['door.wav', 'rain.wav', 'wind/wind.wav']);
    renameSync(`${a.folder}.away`, a.folder);

    // On the NAS (here: both seats' copies) a file is renamed into another folder and one is deleted.
    for (const seat of [a, b]) {
      mkdirSync(join(seat.folder, 'weather'));
      renameSync(join(seat.folder, 'wind', 'wind.wav'), join(seat.folder, 'weather', 'gusts.wav'));
      rmSync(join(seat.folder, 'rain.wav'));
    }
    const after = await analyseOn(a);
    expect(after.stdout).toContain('0 analysed here');
    expect(after.stdout).toContain('1 moved and 1 removed there');
    expect(await onTheServer()).toEqual([
      { rel_path: 'door.wav', status: 'analysed', analysed: true },
      // Its analysis moved with it: nobody analyses it again.
      { rel_path: 'weather/gusts.wav', status: 'analysed', analysed: true },
    ]);
    const other = await analyseOn(b);
    expect(other.stdout).toContain('Shared analysis: 0 analysed here, 0 failed, 0 copied');
    expect(other.stdout).not.toContain('moved and');
    expect(await onServer(url, 'SELECT count(*)::int AS n FROM analysis_log')).toEqual([{ n: 2 }]);
    expect(localAnalysis(b)).toEqual({ analysed: 2, withProbs: 0 });
  });

  it("copies another seat's results into a following seat as they are accepted, without its own analysis", async () => {
    const dir = tempDir();
    const folder = library(dir, 6, 2);
    const url = await server.freshDatabase();
    const [a, b] = (await connectSeats(dir, folder, url, ['desk-a', 'desk-b'])) as [Seat, Seat];
    const models = join(dir, 'models');
    mkdirSync(models);
    const env = { HARK_MODELS_DIR: models };
    // B has catalogued its mount (names only) and follows the catalogue with `hark serve`.
    expect((await runHark(['--db', b.db, 'index', '--no-analyse'], env)).code).toBe(0);
    expect(localAnalysis(b).analysed).toBe(0);
    const serve = await startServeProcess(b.db, env);
    try {
      expect(serve.log()).toContain('Following the shared catalogue.');
      expect((await runHark(['--db', a.db, 'catalogue', 'analyse', '--workers', '1'], env)).stdout).toContain(
        '6 analysed here',
      );
      const started = performance.now();
      await waitFor(() => localAnalysis(b).analysed === 6, 10_000);
      console.log(
        `a following seat had the other seat's 6 results ${(performance.now() - started).toFixed(0)} ms after it ended`,
      );
    } finally {
      await serve.stop();
    }
    expect(await onServer(url, 'SELECT DISTINCT seat FROM analysis_log')).toEqual([{ seat: 'desk-a' }]);
  });
});
