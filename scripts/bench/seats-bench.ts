// Shared analysis by several seats on one PostgreSQL server (issue 16): the same library analysed by one seat, then
// by three at once, each through the built CLI on a database of its own on a throwaway local cluster.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onServer, startCluster } from '../../test/helpers/postgres-cluster';
import { cpuQuota, type CpuQuota } from './cpu-quota';

const CLI = fileURLToPath(new URL('../bin/hark.js', import.meta.url));

/**
 * How many seats run at once, with how many analysis workers each, and what machine each stands for: `core`, seat
 * i on core i alone; `quota`, each seat held to that many cores' worth of CPU time (any cores); `machine`, unlimited.
 */
export interface SeatsLayout {
  seats: number;
  workersPerSeat: number;
  each: { kind: 'core' } | { kind: 'quota'; cpus: number } | { kind: 'machine' };
}

export interface SeatsRun extends SeatsLayout {
  seconds: number;
  /** Results the server accepted from each seat (analysis_log). */
  perSeat: number[];
  /** Files the server recorded more than one result for. */
  doneTwice: number;
}

/**
 * The built CLI; on one core alone (its threads too) when `core` is given, through util-linux's taskset, or inside a
 * CPU quota's group.
 */
function hark(args: string[], limit: { core: number } | CpuQuota | null = null): Promise<string> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, CLI, ...args];
    const [file, ...rest] =
      limit === null
        ? command
        : 'core' in limit
          ? ['taskset', '-c', String(limit.core), ...command]
          : limit.wrap(command);
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
      const limits = seats.map((_, i) => seatLimit(layout, `${name}_seat_${i}`, i));
      const started = performance.now();
      await Promise.all(
        seats.map((db, i) =>
          hark(['--db', db, 'catalogue', 'analyse', '--workers', String(layout.workersPerSeat)], limits[i]),
        ),
      ).finally(() => limits.forEach((limit) => limit && 'remove' in limit && limit.remove()));
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

/** True where seats can be given CPU quotas (root and a writable cpu controller). */
export function quotasAvailable(): boolean {
  const probe = cpuQuota(`hark_bench_probe_${process.pid}`, 0.5);
  probe?.remove();
  return probe !== null;
}

function seatLimit(layout: SeatsLayout, group: string, index: number): { core: number } | CpuQuota | null {
  if (layout.each.kind === 'core') return { core: index };
  if (layout.each.kind === 'machine') return null;
  const quota = cpuQuota(group, layout.each.cpus);
  if (!quota) throw new Error('no CPU quota can be set on this machine (needs root and a cpu cgroup controller)');
  return quota;
}
