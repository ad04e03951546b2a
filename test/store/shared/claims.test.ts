import { afterEach, describe, expect, it } from 'vitest';
import { claimFiles, filesOwed, owedByLease, releaseClaims, renewLeases } from '../../../src-main/store/shared/claims';
import { closeSharedDb, openSharedDb, query, type SharedDb } from '../../../src-main/store/shared/connection';
import { registerSharedFiles } from '../../../src-main/store/shared/files';
import { ensureSharedRoot } from '../../../src-main/store/shared/roots';
import {
  loadSharedAnalyses,
  saveSharedAnalysis,
  saveSharedFailure,
  sharedOutcomes,
  type SharedAnalysis,
} from '../../../src-main/store/shared/results';
import { migrateSharedSchema } from '../../../src-main/store/shared/schema';
import { usePostgres } from '../../helpers/postgres';

const KEY = 'pipeline-a';

function result(seed: number): SharedAnalysis {
  return {
    analysisKey: KEY,
    modelId: 'model',
    duration: seed,
    probs: Float32Array.from([seed, 0.5]),
    features: Float32Array.from([1, 2, 3]),
    extension: { key: 'heads', output: { vector: Float32Array.from([seed]), data: Uint8Array.from([7, 8]) } },
    peaks: Uint8Array.from([1, 2, 3, 4]),
    peaksRate: 100,
    windows: [
      { start: 0, end: 1, probs: Float32Array.from([0.1]) },
      { start: 1, end: 2, probs: Float32Array.from([0.2]) },
    ],
  };
}

describe('claims and leases on the shared catalogue', () => {
  const server = usePostgres();
  const opened: SharedDb[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(closeSharedDb));
  });
  /** A migrated database with one root of `count` files; two seats' connections to it. */
  const library = async (count: number) => {
    const url = await server.freshDatabase();
    const [a, b] = [openSharedDb(url), openSharedDb(url)];
    opened.push(a, b);
    await migrateSharedSchema(a);
    const rootId = await ensureSharedRoot(a, 'SFX', 'seat-a', '/Volumes/SFX');
    expect(await ensureSharedRoot(b, 'SFX', 'seat-b', '/mnt/sfx')).toBe(rootId);
    const files = Array.from({ length: count }, (_, i) => ({
      relPath: `f${i}.wav`,
      size: 100 + i,
      quickHash: `h${i}`,
    }));
    expect(await registerSharedFiles(a, rootId, files)).toBe(count);
    return { a, b, rootId, files };
  };
  const claim = (db: SharedDb, rootId: number, seat: string, limit: number, leaseMs = 60_000) =>
    claimFiles(db, { rootIds: [rootId], seat, analysisKey: KEY, leaseMs, limit });

  it('records each seat path of a root and registers a file once, again only when it changes', async () => {
    const { a, rootId, files } = await library(3);
    const paths = await query<{ seat: string; path: string }>(a, 'SELECT seat, path FROM seat_roots ORDER BY seat');
    expect(paths.rows).toEqual([
      { seat: 'seat-a', path: '/Volumes/SFX' },
      { seat: 'seat-b', path: '/mnt/sfx' },
    ]);
    expect(await registerSharedFiles(a, rootId, files)).toBe(0);
    const [first] = await claim(a, rootId, 'seat-a', 1);
    expect(await saveSharedAnalysis(a, 'seat-a', first!.id, result(1))).toBe(true);
    // The file changed on the NAS: its result and any lease go, and it is owed an analysis again.
    expect(await registerSharedFiles(a, rootId, [{ ...files[0]!, quickHash: 'changed' }])).toBe(1);
    expect((await loadSharedAnalyses(a, [first!.id])).size).toBe(0);
    expect(await filesOwed(a, [rootId], KEY)).toBe(3);
  });

  it('never gives one file to two seats claiming at the same time', async () => {
    const { a, b, rootId } = await library(40);
    const rounds = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claim(i % 2 ? a : b, rootId, i % 2 ? 'seat-a' : 'seat-b', 5)),
    );
    const ids = rounds.flat().map((file) => file.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    expect(await claim(a, rootId, 'seat-a', 5)).toEqual([]);
    expect(await filesOwed(a, [rootId], KEY)).toBe(40);
  });

  it('gives an expired lease to another seat, and refuses the first seat its late result', async () => {
    const { a, b, rootId } = await library(2);
    const [held] = await claim(a, rootId, 'seat-a', 1, 1000);
    const [renewed] = await claim(a, rootId, 'seat-a', 1, 1000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await renewLeases(a, 'seat-a', [renewed!.id], 60_000)).toEqual(new Set([renewed!.id]));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // Only the lease not renewed expired.
    const taken = await claim(b, rootId, 'seat-b', 5);
    expect(taken.map((file) => file.id)).toEqual([held!.id]);
    expect(await renewLeases(a, 'seat-a', [held!.id], 60_000)).toEqual(new Set());
    expect(await saveSharedAnalysis(a, 'seat-a', held!.id, result(1))).toBe(false);
    expect(await saveSharedAnalysis(b, 'seat-b', held!.id, result(2))).toBe(true);
    expect(
      await saveSharedFailure(a, 'seat-a', renewed!.id, { analysisKey: KEY, stage: 'decode', reason: 'bad' }),
    ).toBe(true);
    const log = await query<{ seat: string; outcome: string }>(a, 'SELECT seat, outcome FROM analysis_log ORDER BY id');
    expect(log.rows).toEqual([
      { seat: 'seat-b', outcome: 'analysed' },
      { seat: 'seat-a', outcome: 'failed' },
    ]);
    expect(await filesOwed(a, [rootId], KEY)).toBe(0);
    // Another pipeline owes both files its own analysis.
    expect(await filesOwed(a, [rootId], 'pipeline-b')).toBe(2);
  });

  it('gives claims back at once on a clean stop', async () => {
    const { a, b, rootId } = await library(1);
    const [held] = await claim(a, rootId, 'seat-a', 1);
    expect(await claim(b, rootId, 'seat-b', 1)).toEqual([]);
    await releaseClaims(a, 'seat-a', [held!.id]);
    expect(await claim(b, rootId, 'seat-b', 1)).toHaveLength(1);
  });

  it('counts what the server still owes as free to claim or leased, a lapsed lease counting as free', async () => {
    const { a, b, rootId } = await library(4);
    expect(await owedByLease(a, [rootId], KEY)).toEqual({ unclaimed: 4, leased: 0 });
    const [done] = await claim(a, rootId, 'seat-a', 1);
    await saveSharedAnalysis(a, 'seat-a', done!.id, result(1));
    await claim(a, rootId, 'seat-a', 1);
    await claim(b, rootId, 'seat-b', 1, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await owedByLease(b, [rootId], KEY)).toEqual({ unclaimed: 2, leased: 1 });
  });

  it('keeps every part of a result, windows and extension output included, and lists finished files', async () => {
    const { a, rootId } = await library(2);
    const [file] = await claim(a, rootId, 'seat-a', 1);
    await saveSharedAnalysis(a, 'seat-a', file!.id, result(3));
    const stored = (await loadSharedAnalyses(a, [file!.id])).get(file!.id)!;
    expect(stored).toEqual(result(3));
    expect(await sharedOutcomes(a, [rootId])).toEqual([
      expect.objectContaining({ id: file!.id, relPath: 'f0.wav', size: 100, quickHash: 'h0', status: 'analysed' }),
    ]);
  });

  it('makes results visible in the order of their seqs, so a follower copying after the last seq it saw misses none', async () => {
    const { a, b, rootId } = await library(2);
    const [first] = await claim(a, rootId, 'seat-a', 1);
    const [second] = await claim(b, rootId, 'seat-b', 1);
    // Another transaction holds first's analysis row: its save waits inside its transaction (a slow write's place).
    const blocker = await a.pool.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(
        `INSERT INTO analysis (file_id, analysis_key, peaks, peaks_rate) VALUES ($1, 'blocker', '\\x00', 100)`,
        [first!.id],
      );
      const slow = saveSharedAnalysis(a, 'seat-a', first!.id, result(1));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await saveSharedAnalysis(b, 'seat-b', second!.id, result(2))).toBe(true);
      // A follower copies what it sees now, and remembers the last seq.
      const seen = await sharedOutcomes(b, [rootId]);
      expect(seen.map((outcome) => outcome.id)).toEqual([second!.id]);
      await blocker.query('ROLLBACK');
      expect(await slow).toBe(true);
      // The slow result comes after that seq, not before it.
      expect((await sharedOutcomes(b, [rootId], seen.at(-1)!.seq)).map((outcome) => outcome.id)).toEqual([first!.id]);
    } finally {
      blocker.release();
    }
  });
});
