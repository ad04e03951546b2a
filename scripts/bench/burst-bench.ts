// A burst of concurrent searches against the real HTTP server (`hark serve`'s startServer, admission queue and
// all) over a synthetic library: how long the answered ones waited, how many were told to come back (503), and
// what the queue promises instead, a wait near one search's time times the places in the queue.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Hark } from '../../src-main/app/hark';
import { probeFile } from '../../src-main/metadata/probe';
import { DEFAULT_SEARCH_LIMITS, startServer } from '../../src-main/serve/http-server';
import { BENCH_QUERIES } from './query-bench';
import { percentile } from './stats';

export interface BurstResult {
  requests: number;
  answered: number;
  /** Refused at once with 503 (the queue was full). */
  refused: number;
  /** Latency of the answered requests, ms, from sending to the full response. */
  p50: number;
  p99: number;
  /** One fused search at a time through the same server, warm, ms (median). */
  singleMs: number;
  /** running + waiting: the most searches a request can find ahead of it, itself included. */
  queueDepth: number;
}

export async function benchBurst(
  dbPath: string,
  modelsDir: string,
  workDir: string,
  requests = 200,
): Promise<BurstResult> {
  const hark = await Hark.open({ dbPath, modelsDir, probe: probeFile, workers: 0 });
  const rendererDir = join(workDir, 'no-renderer');
  mkdirSync(rendererDir, { recursive: true });
  const running = await startServer(hark, { rendererDir });
  const base = `http://127.0.0.1:${running.port}`;
  const search = async (text: string): Promise<{ status: number; ms: number }> => {
    const started = performance.now();
    const response = await fetch(`${base}/api/search`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${running.token}`, Origin: base, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text, mode: 'fused', limit: 50 }),
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  };
  try {
    // Warm: the models loaded and the search path compiled, as in a server that has answered before.
    for (const text of BENCH_QUERIES) await search(text);
    const single: number[] = [];
    for (const text of BENCH_QUERIES) single.push((await search(text)).ms);

    const burst = await Promise.all(
      Array.from({ length: requests }, (_, i) => search(BENCH_QUERIES[i % BENCH_QUERIES.length]!)),
    );
    const unexpected = burst.find((r) => r.status !== 200 && r.status !== 503);
    if (unexpected) throw new Error(`a search of the burst answered HTTP ${unexpected.status}`);
    const answered = burst.filter((r) => r.status === 200).map((r) => r.ms);
    return {
      requests,
      answered: answered.length,
      refused: requests - answered.length,
      p50: percentile(answered, 0.5),
      p99: percentile(answered, 0.99),
      singleMs: percentile(single, 0.5),
      queueDepth: DEFAULT_SEARCH_LIMITS.running + DEFAULT_SEARCH_LIMITS.waiting,
    };
  } finally {
    await running.close();
    hark.close();
  }
}
