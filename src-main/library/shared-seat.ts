import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../base/errors';
import { saveAnalysis } from '../store/analysis';
import type { Db } from '../store/database';
import { getFileRowByPath } from '../store/files';
import { listRoots } from '../store/roots';
import { claimFiles, filesOwed, releaseClaims, renewLeases, type ClaimedFile } from '../store/shared/claims';
import type { SharedDb } from '../store/shared/connection';
import { saveSharedAnalysis, saveSharedFailure } from '../store/shared/results';
import type { SeatConfig } from '../store/shared/seat-config';
import type { FileAnalysis } from './analyse-file';
import { AnalysisFailure, type AnalysisPool } from './analysis-pool';
import { toAnalysisRecord, type RecordOptions } from './analysis-record';
import { catalogueRoot, type Probe } from './catalogue';
import { copySharedResults } from './shared-copy';
import { queuePassChanges, snapshotRoot, tellServerAfterPass } from './shared-root-pass';

export interface SeatOptions extends RecordOptions {
  db: Db;
  shared: SharedDb;
  config: SeatConfig;
  probe: Probe;
  openPool: () => AnalysisPool;
  /** How long a claim lasts unless renewed; renewed every third of it while the file is worked on. */
  leaseMs: number;
  /** How often a seat with nothing to claim looks again while other seats still hold files (their leases may lapse). */
  pollMs?: number;
  /**
   * Stops the run (Settings' Stop, the CLI's Ctrl+C): no more claims; the files in hand are finished and their results
   * kept, what the seat holds but has not started is given back at once, and the other seats' results are copied in.
   */
  signal?: AbortSignal;
  /** Told when the run enters a phase and after each file's outcome, with the counts so far (a copy). */
  onProgress?: (phase: SeatPhase, result: SeatRunResult) => void;
}

export type SeatPhase = 'cataloguing' | 'analysing' | 'copying';

export interface SeatRunResult {
  /** Files new or changed on the server after this seat's catalogue pass. */
  registered: number;
  analysed: number;
  failed: number;
  /** Results refused because this seat's lease had lapsed and another seat had taken the file. */
  refused: number;
  /** Results of other seats copied into this seat's library. */
  copied: number;
  /** Files this seat saw move or go, moved or removed on the server (with their tags and results). */
  moved: number;
  removed: number;
  /** The run was stopped before the server owed no more files. */
  stopped: boolean;
}

/**
 * One seat's share of a shared analysis: catalogue the mapped folders, register their files on the server, then
 * claim, analyse and store files until the server owes none, and finally copy the other seats' results into the
 * local library (search stays local). A killed seat leaves only leases behind, which lapse.
 */
export async function runSeat(options: SeatOptions): Promise<SeatRunResult> {
  const { db, shared, config, signal } = options;
  const result: SeatRunResult = {
    ...{ registered: 0, analysed: 0, failed: 0, refused: 0, copied: 0, moved: 0, removed: 0 },
    stopped: false,
  };
  const report = (phase: SeatPhase) => options.onProgress?.(phase, { ...result });
  report('cataloguing');
  const localRoots = new Map(listRoots(db).map((root) => [root.path, root]));
  const rootPaths = new Map<number, string>();
  for (const mapped of config.roots) {
    if (signal?.aborted) break;
    const root = localRoots.get(mapped.localPath);
    if (!root) continue;
    rootPaths.set(mapped.sharedRootId, root.path);
    const before = snapshotRoot(db, root);
    const pass = await catalogueRoot(db, root, { probe: options.probe });
    // A reader's seat registers and claims nothing: it copies what the editors' seats analysed.
    queuePassChanges(db, config, mapped.sharedRootId, root, before, pass);
    const changes = await tellServerAfterPass(db, shared, config, mapped.sharedRootId, root);
    result.moved += changes.moved;
    result.removed += changes.removed;
    result.registered += changes.registered;
  }
  const rootIds = [...rootPaths.keys()];
  const analyses = config.access !== 'reader' && rootIds.length > 0;
  if (analyses && !signal?.aborted && (await filesOwed(shared, rootIds, options.analysisKey)) > 0) {
    report('analysing');
    await analyseClaims(options, rootIds, rootPaths, result);
  }
  // Stopped or not, what the other seats finished is copied in: the local copy is as complete as the server allows.
  report('copying');
  result.copied = (await copySharedResults(options, rootPaths)).copied;
  result.stopped = signal?.aborted ?? false;
  return result;
}

async function analyseClaims(
  options: SeatOptions,
  rootIds: number[],
  rootPaths: Map<number, string>,
  result: SeatRunResult,
): Promise<void> {
  const { shared, config, leaseMs, signal } = options;
  const held = new Set<number>();
  // Files this seat cannot see (not on its mount, or gone since its catalogue pass): left to seats that can.
  const unseen = new Set<number>();
  // Claimed as the stop came, never started.
  const unstarted: number[] = [];
  const renewing = setInterval(() => {
    renewLeases(shared, config.seat, [...held], leaseMs).catch(() => {
      // A missed renewal is retried on the next tick; a lease that lapses meanwhile only costs a refused result.
    });
  }, leaseMs / 3);
  const pool = options.openPool();
  const claim = () =>
    claimFiles(shared, { rootIds, seat: config.seat, analysisKey: options.analysisKey, leaseMs, limit: 1 });
  try {
    // Two files in flight per thread, as in a local run: each thread stays busy while results are written.
    const lanes = Array.from({ length: pool.size * 2 }, async () => {
      while (!signal?.aborted) {
        const [file] = await claim();
        if (!file) {
          if ((await filesOwed(shared, rootIds, options.analysisKey, [...unseen])) === 0) return;
          await pause(options.pollMs ?? 250, signal);
          continue;
        }
        if (signal?.aborted) return void unstarted.push(file.id);
        const path = join(rootPaths.get(file.rootId)!, file.relPath);
        if (!existsSync(path)) {
          // Recording a failure would fail the file for every seat; its lease, never renewed, lapses instead.
          unseen.add(file.id);
          continue;
        }
        held.add(file.id);
        try {
          await analyseOne(options, pool, file, path, result);
        } finally {
          held.delete(file.id);
        }
        options.onProgress?.('analysing', { ...result });
      }
    });
    await Promise.all(lanes);
  } finally {
    clearInterval(renewing);
    await pool.close();
    // The seat is leaving: what it holds without working on it is free for the other seats now, not at lapse.
    await releaseClaims(shared, config.seat, [...unseen, ...unstarted]).catch(() => {
      // The server is out of reach: those leases lapse instead.
    });
  }
}

/** Waits `ms`, or less when the run is stopped meanwhile. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function analyseOne(
  options: SeatOptions,
  pool: AnalysisPool,
  file: ClaimedFile,
  path: string,
  result: SeatRunResult,
): Promise<void> {
  const { db, shared, config } = options;
  let analysis: FileAnalysis;
  try {
    analysis = await pool.analyse(path);
  } catch (error) {
    const stage = error instanceof AnalysisFailure ? error.stage : 'analysis';
    const failure = { analysisKey: options.analysisKey, stage, reason: errorMessage(error) };
    if (await saveSharedFailure(shared, config.seat, file.id, failure)) result.failed++;
    else result.refused++;
    return;
  }
  const record = toAnalysisRecord(analysis, options);
  const { autoTags: _localOnly, ...sharedRecord } = record;
  if (!(await saveSharedAnalysis(shared, config.seat, file.id, sharedRecord))) {
    result.refused++;
    return;
  }
  result.analysed++;
  // A file another seat registered may not be in this seat's catalogue yet: its next run copies the result.
  const local = getFileRowByPath(db, path);
  if (local) saveAnalysis(db, local.id, record);
}
