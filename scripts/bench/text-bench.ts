// Query embedding per text tower: model load, then one query at a time as a search asks (on the caller's thread,
// and through the encoder's own thread as the app runs it), over the bench queries; USE-lite is the peer.
import {
  createTextEncoder,
  TEXT_TOWERS,
  towerInstalled,
  type TextTowerInfo,
} from '../../src-main/ml/text/text-encoder';
import { createTextEncoderThread } from '../../src-main/ml/text/text-encoder-thread';
import { BENCH_QUERIES } from './query-bench';
import { percentile } from './stats';

export interface TextBenchRow {
  tower: string;
  loadMs: number;
  /** ms per query on the caller's thread, p50 / p95 of 5 passes over the bench queries. */
  direct: [number, number];
  /** The same through the encoder thread (what a search waits for). */
  threaded: [number, number];
}

async function timeQueries(embed: (text: string) => Promise<unknown>): Promise<[number, number]> {
  for (const text of BENCH_QUERIES) await embed(text); // untimed: kernels and caches warm
  const times: number[] = [];
  for (let pass = 0; pass < 5; pass++)
    for (const text of BENCH_QUERIES) {
      const started = performance.now();
      await embed(`${text} ${pass}`); // a new text each pass: no cache can answer
      times.push(performance.now() - started);
    }
  return [percentile(times, 0.5), percentile(times, 0.95)];
}

export async function benchText(): Promise<TextBenchRow[]> {
  const rows: TextBenchRow[] = [];
  const towers = Object.values(TEXT_TOWERS).filter((tower: TextTowerInfo) => towerInstalled(tower));
  for (const tower of towers) {
    const started = performance.now();
    const encoder = await createTextEncoder({ tower: tower.name });
    const loadMs = Math.round(performance.now() - started);
    const direct = await timeQueries((text) => encoder.embed([text]));
    const thread = createTextEncoderThread({ tower: tower.name });
    try {
      const threaded = await timeQueries((text) => thread.embed([text]));
      rows.push({ tower: tower.name, loadMs, direct, threaded });
    } finally {
      thread.close();
    }
  }
  return rows;
}
