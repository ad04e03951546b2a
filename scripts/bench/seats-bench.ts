// Shared analysis by several seats on one PostgreSQL server (issue 16): the same library analysed by one seat, then
// by three at once, each through the built CLI on a database of its own on a throwaway local cluster.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onServer, startCluster } from '../../test/helpers/postgres-cluster';

const CLI = fileURLToPath(new URL('../bin/hark.js', import.meta.url));

/** How many seats run at once, with how many analysis workers each; `pinned`: seat i runs on core i alone. */
export interface SeatsLayout {
  seats: number;
  workersPerSeat: number;
  pinned: boolean;
}

export interface SeatsRun extends SeatsLayout {
  seconds: number;
  /** Results the server accepted from each seat (analysis_log). */
  perSeat: number[];
  /** Files the server recorded more than one result for. */
  doneTwice: number;
}

/** The built CLI; on one core alone (its threads too) when `core` is given, through util-linux's taskset. */
function hark(args: string[], core: number | null = null): Promise<string> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, CLI, ...args];
    const [file, ...rest] = core === null ? command : ['taskset', '-c', String(core), ...command];
    const child = spawn(file!, rest);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`hark ${args.join(' ')}: ${out}`))));
  });
}

/**
 * Each layout analyses `library` from scratch: a new database on the server and new seat libraries, all seeing the
 * library at the same path (one NAS). Seats run at once; the time is from the first start to the last exit, so each
 * seat's start-up (Node, models, its catalogue pass) counts.
 */
export async function benchSeats(work: string, library: string, layouts: SeatsLayout[]): Promise<SeatsRun[]> {
  const cluster = await startCluster({});
  try {
    const runs: SeatsRun[] = [];
    for (const [n, layout] of layouts.entries()) {
      const name = `hark_bench_seats_${n}`;
      await onServer(cluster.baseUrl.href, `CREATE DATABASE ${name}`);
      const url = new URL(cluster.baseUrl.href);
      url.pathname = `/${name}`;
      const dir = join(work, name);
      mkdirSync(dir, { recursive: true });
      const seats = Array.from({ length: layout.seats }, (_, i) => join(dir, `seat-${i}.db`));
      for (const [i, db] of seats.entries()) {
        await hark(['--db', db, 'add', library]);
        await hark(['--db', db, 'catalogue', 'connect', url.href, '--seat', `seat-${i}`]);
        await hark(['--db', db, 'catalogue', 'map', library, 'SFX']);
      }
      const started = performance.now();
      await Promise.all(
        seats.map((db, i) =>
          hark(
            ['--db', db, 'catalogue', 'analyse', '--workers', String(layout.workersPerSeat)],
            layout.pinned ? i : null,
          ),
        ),
      );
      const seconds = (performance.now() - started) / 1000;
      const perSeat = await onServer<{ n: number }>(
        url.href,
        'SELECT count(*)::int AS n FROM analysis_log GROUP BY seat ORDER BY seat',
      );
      const twice = await onServer(url.href, 'SELECT file_id FROM analysis_log GROUP BY file_id HAVING count(*) > 1');
      runs.push({ ...layout, seconds, perSeat: perSeat.map((row) => row.n), doneTwice: twice.length });
    }
    return runs;
  } finally {
    await cluster.stop();
  }
}
