// How far the tagger's own outputs can carry text-to-audio search on the names-stripped dev libraries: ceilings
// that look at the judgements, beside the label bridge as it runs. Each row is mAP@10 (literal / descriptive):
// - bridge: the app's neural search (the label bridge) as shipped;
// - best of the query's top N classes: the one class among the N the bridge weighs most whose probability column
//   ranks the relevant files best (a perfect choice among what the text side already considers);
// - best single class: the same over all 527 classes (a perfect text side that names one class);
// - example (leave one out): one relevant file as the query, ranked by cosine of mn04's pooled embedding, averaged
//   over the relevant files (what "more like this" reaches);
// - relevant centroid: the mean embedding of all relevant files as the query (a linear ceiling in that space).
// The oracle rows pick with the answers, so they bound what any text side on these audio outputs can reach; they
// are not results. For deciding where the model's headroom is on the dev set only.
// Usage: node_modules/.bin/node node_modules/.bin/vite-node eval/ceiling.ts
import path from 'node:path';
import { openHark } from '../src-main/app/open-hark';
import type { Hark } from '../src-main/app/hark';
import type { BridgeSearch } from '../src-main/search/label-bridge/neural-search';
import type { LibraryScorer } from '../src-main/search/label-bridge/library-scorer';
import type { Searcher } from '../src-main/search/searcher';
import { loadMatrix } from '../src-main/store/analysis';
import type { Db } from '../src-main/store/database';
import { pathNormaliser, readQueries, resolveJudgements } from './judgements.mjs';
import { listAudio } from './metrics.mjs';
import { chosenLibraries } from './libraries.mjs';

const K = 10;
/** --show: per query, the bridge's three strongest classes, the oracle's class, its rank among the query's weights. */
const show = process.argv.includes('--show');
const oracleRanks: number[] = [];

function bridgeOf(hark: Hark): BridgeSearch {
  const searcher = (hark as unknown as { searcher: Searcher }).searcher;
  return (searcher as unknown as { models: Record<string, BridgeSearch> }).models['label-bridge']!;
}

/** AP@10 with denominator min(#relevant, 10), as metrics.mjs computes it. */
function apAt(ranked: number[], relevant: Set<number>): number {
  let hits = 0;
  let sum = 0;
  for (let i = 0; i < Math.min(K, ranked.length); i++)
    if (relevant.has(ranked[i]!)) {
      hits++;
      sum += hits / (i + 1);
    }
  return relevant.size ? sum / Math.min(relevant.size, K) : 0;
}

/** Row indices of the K highest scores, skipping `skip`. */
function topRows(scores: Float32Array | number[], skip = -1): number[] {
  const order: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (i === skip) continue;
    if (order.length < K || scores[i]! > scores[order[order.length - 1]!]!) {
      order.push(i);
      order.sort((a, b) => scores[b]! - scores[a]!);
      if (order.length > K) order.pop();
    }
  }
  return order;
}

function unitRows(values: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < values.length / dim; r++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += values[r * dim + d]! ** 2;
    const s = 1 / Math.sqrt(norm || 1);
    for (let d = 0; d < dim; d++) out[r * dim + d] = values[r * dim + d]! * s;
  }
  return out;
}

function cosines(query: Float32Array, rows: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(rows.length / dim);
  for (let r = 0; r < out.length; r++) {
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += query[d]! * rows[r * dim + d]!;
    out[r] = dot;
  }
  return out;
}

type Row = Record<string, number>;
const table = new Map<string, Row>();
const add = (row: string, column: string, value: number) => table.set(row, { ...table.get(row), [column]: value });

for (const spec of chosenLibraries(['--library', 'all'])) {
  const judgements = resolveJudgements(readQueries(spec.queries), listAudio(path.join(spec.dir, 'named'))) as Map<
    string,
    { kind: string; relevant: Set<string> }
  >;
  const hark = await openHark({ dbPath: path.join(spec.dir, 'hark-stripped.db') });
  const bridge = bridgeOf(hark);
  const internals = bridge as unknown as { ready(): LibraryScorer; embed(t: string): Promise<Float32Array>; db: Db };
  const scorer = internals.ready();
  const names = (internals as unknown as { bank: { audioset: { name: string }[] } }).bank.audioset.map((c) => c.name);
  const probs = loadMatrix(internals.db, 'probs');
  const features = loadMatrix(internals.db, 'features');
  const N = probs.fileIds.length;
  const C = probs.values.length / N;
  const D = features.values.length / features.fileIds.length;
  if (features.fileIds.some((id, i) => id !== probs.fileIds[i])) throw new Error('probs and features differ in files');
  const unit = unitRows(features.values, D);
  const normalise = pathNormaliser(spec.dir, 'stripped');
  const rowOfKey = new Map<string, number>();
  const rowOfId = new Map<number, number>();
  for (let i = 0; i < N; i++) {
    rowOfKey.set(normalise((await hark.getFile({ fileId: probs.fileIds[i]! })).path), i);
    rowOfId.set(probs.fileIds[i]!, i);
  }
  const column = (c: number) => {
    const out = new Float32Array(N);
    for (let i = 0; i < N; i++) out[i] = probs.values[i * C + c]!;
    return out;
  };
  const columns = Array.from({ length: C }, (_, c) => column(c));
  const classAp = (c: number, relevant: Set<number>) => apAt(topRows(columns[c]!), relevant);

  const sums = new Map<string, { literal: number[]; descriptive: number[] }>();
  const note = (row: string, kind: string, ap: number) => {
    const s = sums.get(row) ?? { literal: [], descriptive: [] };
    (kind === 'literal' ? s.literal : s.descriptive).push(ap);
    sums.set(row, s);
  };
  for (const [query, { kind, relevant: keys }] of judgements) {
    const relevant = new Set([...keys].flatMap((k) => (rowOfKey.has(k) ? [rowOfKey.get(k)!] : [])));
    const { hits } = await bridge.search(query, K);
    note(
      'bridge (as shipped)',
      kind,
      apAt(
        hits.map((h) => rowOfId.get(h.fileId)!),
        relevant,
      ),
    );
    const w = scorer.weights(await internals.embed(query));
    const byWeight = Array.from({ length: C }, (_, c) => c).sort((a, b) => w[b]! - w[a]!);
    const perClass = Array.from({ length: C }, (_, c) => classAp(c, relevant));
    for (const n of [1, 5, 20])
      note(`best of the query's top ${n} classes`, kind, Math.max(...byWeight.slice(0, n).map((c) => perClass[c]!)));
    note('best single class (oracle)', kind, Math.max(...perClass));
    const oracle = perClass.indexOf(Math.max(...perClass));
    const rank = byWeight.indexOf(oracle) + 1;
    oracleRanks.push(rank);
    if (show)
      console.log(
        [
          spec.id,
          kind,
          query,
          byWeight
            .slice(0, 3)
            .map((c) => names[c])
            .join(' / '),
          names[oracle],
          rank,
          perClass[oracle]!.toFixed(2),
        ].join('\t'),
      );
    const examples = [...relevant];
    let loo = 0;
    for (const r of examples) {
      const rest = new Set(examples.filter((x) => x !== r));
      loo += rest.size ? apAt(topRows(cosines(unit.subarray(r * D, r * D + D), unit, D), r), rest) : 0;
    }
    note('example, leave one out (mn04 embedding)', kind, examples.length > 1 ? loo / examples.length : 0);
    const centroid = new Float32Array(D);
    for (const r of examples) for (let d = 0; d < D; d++) centroid[d]! += unit[r * D + d]!;
    note('relevant centroid (oracle)', kind, apAt(topRows(cosines(centroid, unit, D)), relevant));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  for (const [row, s] of sums) {
    add(row, `${spec.id} all`, mean([...s.literal, ...s.descriptive]));
    add(row, `${spec.id} literal`, mean(s.literal));
    add(row, `${spec.id} descriptive`, mean(s.descriptive));
  }
  console.error(`library ${spec.id}: ${judgements.size} queries, ${N} files, ${C} classes, embedding ${D}`);
  hark.close();
}

const share = (n: number) => oracleRanks.filter((r) => r <= n).length / oracleRanks.length;
console.log(
  `The oracle's class is the query's strongest class for ${(100 * share(1)).toFixed(0)}% of queries, in its top 5 for ` +
    `${(100 * share(5)).toFixed(0)}%, top 20 ${(100 * share(20)).toFixed(0)}%, top 100 ${(100 * share(100)).toFixed(0)}%.\n`,
);
const f = (x: number | undefined) => (x ?? 0).toFixed(3);
console.log('| stripped mAP@10 | mean of both | lib 1 literal | lib 1 descr. | lib 2 literal | lib 2 descr. |');
console.log('|---|---|---|---|---|---|');
for (const [row, r] of table)
  console.log(
    `| ${row} | ${f(((r['1 all'] ?? 0) + (r['2 all'] ?? 0)) / 2)} | ${f(r['1 literal'])} | ${f(r['1 descriptive'])} | ${f(r['2 literal'])} | ${f(r['2 descriptive'])} |`,
  );
