import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHark } from '../helpers/cli';
import { useRelays } from '../helpers/cuttable-proxy';
import { waitFor } from '../helpers/open-core';
import { usePostgres } from '../helpers/postgres';
import { connectSeats, localAnalysis, onServer, type Seat } from '../helpers/seats';
import { startServeProcess } from '../helpers/serve-process';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// A plain `hark index` (the app's index runs work the same way) on a seat of a shared catalogue: what its catalogue
// pass saw reaches the server, and the files it finds take the other seats' results instead of being analysed again.
// Real CLI processes and a real PostgreSQL server.

describe('index runs on a seat of a shared catalogue', () => {
  const server = usePostgres();
  const tempDir = useTempDirs();
  const relay = useRelays();

  async function twoSeats(files: number) {
    const dir = tempDir();
    const folder = join(dir, 'library');
    mkdirSync(join(folder, 'wind'), { recursive: true });
    for (let i = 0; i < files; i++) tone(folder, i === 0 ? 'wind/wind.wav' : `tone_${i}.wav`, { freq: 200 + i * 90 });
    const url = await server.freshDatabase();
    const seats = (await connectSeats(dir, folder, url, ['desk-a', 'desk-b'])) as [Seat, Seat];
    const models = join(dir, 'models');
    mkdirSync(models);
    const run = (seat: Seat, args: string[]) => runHark(['--db', seat.db, ...args], { HARK_MODELS_DIR: models });
    return { url, seats, models, run };
  }

  const serverFiles = (url: string) =>
    onServer<{ rel_path: string; status: string; analysed: boolean }>(
      url,
      `SELECT rel_path, status, EXISTS (SELECT 1 FROM analysis a WHERE a.file_id = f.id) AS analysed
       FROM files f ORDER BY rel_path`,
    );

  it('tells the server what a plain index run saw move or go, the moved file keeping its analysis', async () => {
    const { url, seats, run } = await twoSeats(3);
    const [a] = seats;
    expect((await run(a, ['catalogue', 'analyse', '--workers', '1'])).stdout).toContain('3 analysed here');

    mkdirSync(join(a.folder, 'weather'));
    renameSync(join(a.folder, 'wind', 'wind.wav'), join(a.folder, 'weather', 'gusts.wav'));
    rmSync(join(a.folder, 'tone_2.wav'));
    const indexed = await run(a, ['index']);
    expect(indexed.code, indexed.stderr).toBe(0);
    expect(indexed.stderr).not.toContain('shared catalogue');
    expect(await serverFiles(url)).toEqual([
      { rel_path: 'tone_1.wav', status: 'analysed', analysed: true },
      // Its analysis moved with it: no seat analyses it again.
      { rel_path: 'weather/gusts.wav', status: 'analysed', analysed: true },
    ]);
    // Nothing was analysed again: the log holds the two files' first results (the removed file's left with it).
    expect(await onServer(url, 'SELECT count(*)::int AS n FROM analysis_log')).toEqual([{ n: 2 }]);
    // The move is a change of the sequence, for the seats that follow it to move their own row.
    expect(await onServer(url, "SELECT seat, from_path, to_path FROM changes WHERE kind = 'move'")).toEqual([
      { seat: 'desk-a', from_path: 'wind/wind.wav', to_path: 'weather/gusts.wav' },
    ]);
  });

  it('registers what a plain index run found new, for the seats analysing together', async () => {
    const { url, seats, run } = await twoSeats(2);
    const [a] = seats;
    expect((await run(a, ['index', '--no-analyse'])).code).toBe(0);
    expect(await serverFiles(url)).toEqual([
      { rel_path: 'tone_1.wav', status: 'pending', analysed: false },
      { rel_path: 'wind/wind.wav', status: 'pending', analysed: false },
    ]);
  });

  it('offers the server what a plain index run analysed, and the other seats copy it instead of analysing it', async () => {
    const { url, seats, run } = await twoSeats(2);
    const [a, b] = seats;
    const indexed = await run(a, ['index', '--workers', '1']);
    expect(indexed.code, indexed.stderr).toBe(0);
    expect(indexed.stdout).toContain('Analysis: 2 analysed, 0 failed');
    expect(await serverFiles(url)).toEqual([
      { rel_path: 'tone_1.wav', status: 'analysed', analysed: true },
      { rel_path: 'wind/wind.wav', status: 'analysed', analysed: true },
    ]);
    expect(await onServer(url, 'SELECT seat, count(*)::int AS n FROM analysis_log GROUP BY seat')).toEqual([
      { seat: 'desk-a', n: 2 },
    ]);
    // Neither a shared run nor a plain one analyses them again on the other seat.
    expect((await run(b, ['catalogue', 'analyse', '--workers', '1'])).stdout).toContain('0 analysed here');
    expect((await run(b, ['index', '--workers', '1'])).stdout).toContain('Analysis: 0 analysed, 0 failed');
    expect(localAnalysis(b).analysed).toBe(2);
    expect(await onServer(url, 'SELECT count(*)::int AS n FROM analysis_log')).toEqual([{ n: 2 }]);
  });

  it('gives files a following seat catalogues late the results it skipped, analysing none of them', async () => {
    const { url, seats, models, run } = await twoSeats(4);
    const [a, b] = seats;
    // B follows the catalogue (hark serve) before it has catalogued anything: the results A's analysis sends it are
    // for files it does not hold yet.
    const serve = await startServeProcess(b.db, { HARK_MODELS_DIR: models });
    try {
      expect(serve.log()).toContain('Following the shared catalogue.');
      expect((await run(a, ['catalogue', 'analyse', '--workers', '1'])).stdout).toContain('4 analysed here');
      await waitFor(async () => {
        const [copied] = await onServer<{ n: number }>(url, 'SELECT max(outcome_seq)::int AS n FROM files');
        return copied!.n >= 4;
      }, 10_000);
    } finally {
      await serve.stop();
    }
    expect(localAnalysis(b).analysed).toBe(0);

    const indexed = await run(b, ['index']);
    expect(indexed.code, indexed.stderr).toBe(0);
    // Its own analysis had nothing left to do: every file took A's result.
    expect(indexed.stdout).toContain('Analysis: 0 analysed, 0 failed');
    expect(localAnalysis(b).analysed).toBe(4);
    expect(await onServer(url, 'SELECT DISTINCT seat FROM analysis_log')).toEqual([{ seat: 'desk-a' }]);
  });

  it('indexes locally and says why when the server is out of reach', async () => {
    const dir = tempDir();
    const folder = join(dir, 'library');
    mkdirSync(folder);
    tone(folder, 'door.wav');
    const { proxy, url } = await relay(await server.freshDatabase());
    const [a] = (await connectSeats(dir, folder, url, ['desk-a'])) as [Seat];
    await proxy.cut();
    const indexed = await runHark(['--db', a.db, 'index'], { HARK_MODELS_DIR: join(dir, 'no-models') });
    expect(indexed.code, indexed.stderr).toBe(0);
    expect(indexed.stderr).toContain('the shared catalogue was not told what this pass saw');
    expect(indexed.stdout).toContain('Analysis: 1 analysed, 0 failed');
  });

  it('keeps the moves and removals an index run saw while the server was out of reach, and tells them once it is back', async () => {
    const dir = tempDir();
    const folder = join(dir, 'library');
    mkdirSync(join(folder, 'wind'), { recursive: true });
    tone(folder, 'wind/wind.wav');
    tone(folder, 'door.wav', { freq: 300 });
    const { proxy, url } = await relay(await server.freshDatabase());
    const [a] = (await connectSeats(dir, folder, url, ['desk-a'])) as [Seat];
    const run = (args: string[]) => runHark(['--db', a.db, ...args], { HARK_MODELS_DIR: join(dir, 'no-models') });
    expect((await run(['catalogue', 'analyse', '--workers', '1'])).stdout).toContain('2 analysed here');

    await proxy.cut();
    mkdirSync(join(a.folder, 'weather'));
    renameSync(join(a.folder, 'wind', 'wind.wav'), join(a.folder, 'weather', 'gusts.wav'));
    tone(a.folder, 'rain.wav', { freq: 500 });
    rmSync(join(a.folder, 'door.wav'));
    const offline = await run(['index']);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stderr).toContain('the shared catalogue was not told what this pass saw');

    await proxy.restore();
    const back = await run(['index']);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stderr).not.toContain('shared catalogue');
    expect(await serverFiles(url)).toEqual([
      // New while the server was away: registered now, owed an analysis on the server.
      { rel_path: 'rain.wav', status: 'pending', analysed: false },
      // The move reached the server before the pass registered the new path: the analysis moved with it.
      { rel_path: 'weather/gusts.wav', status: 'analysed', analysed: true },
    ]);
    // Nothing analysed again: the moved file's first result is the log's (the removed door's left with it).
    expect(await onServer(url, 'SELECT count(*)::int AS n FROM analysis_log')).toEqual([{ n: 1 }]);
  });
});
