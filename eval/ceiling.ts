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
import { similarities } from '../src-main/ml/text/vector-math';
import { toClassMajor } from '../src-main/search/label-bridge/class-major';
import { loadMatrix } from '../src-main/store/analysis';
import { chosenLibraries } from './libraries.mjs';
import { apAt, meanByKind, openStrippedLibrary, tableRow, topRows, K } from './stripped-library';

/** --show: per query, the bridge's three strongest classes, the oracle's class, its rank among the query's weights. */
const show = process.argv.includes('--show');
const oracleRanks: number[] = [];

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

const table = new Map<string, Record<string, number>>();

for (const spec of chosenLibraries(['--library', 'all'])) {
  const { hark, bridge, internals, probs, rowOfFileId, queries } = await openStrippedLibrary(spec);
  const scorer = internals.ready();
  const names = internals.bank.audioset.map((c) => c.name);
  const features = loadMatrix(internals.db, 'features');
  const N = probs.fileIds.length;
  const C = probs.values.length / N;
  const D = features.values.length / features.fileIds.length;
  if (features.fileIds.some((id, i) => id !== probs.fileIds[i])) throw new Error('probs and features differ in files');
  const unit = unitRows(features.values, D);
  const byClass = toClassMajor(probs.values, C);
  const columns = Array.from({ length: C }, (_, c) =>
    byClass.data.subarray(c * byClass.stride, c * byClass.stride + N),
  );
  const classAp = (c: number, relevant: Set<number>) => apAt(topRows(columns[c]!), relevant);

  const aps = new Map<string, { kind: string; ap: number }[]>();
  const note = (row: string, kind: string, ap: number) => aps.set(row, [...(aps.get(row) ?? []), { kind, ap }]);
  for (const { query, kind, relevant } of queries) {
    const { hits } = await bridge.search(query, K);
    note(
      'bridge (as shipped)',
      kind,
      apAt(
        hits.map((h) => rowOfFileId.get(h.fileId)!),
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
      const scores = similarities(unit.subarray(r * D, r * D + D), unit, D);
      scores[r] = -Infinity; // the example itself is not an answer
      loo += rest.size ? apAt(topRows(scores), rest) : 0;
    }
    note('example, leave one out (mn04 embedding)', kind, examples.length > 1 ? loo / examples.length : 0);
    const centroid = new Float32Array(D);
    for (const r of examples) for (let d = 0; d < D; d++) centroid[d]! += unit[r * D + d]!;
    note('relevant centroid (oracle)', kind, apAt(topRows(similarities(centroid, unit, D)), relevant));
  }
  for (const [row, list] of aps) table.set(row, { ...table.get(row), ...meanByKind(spec.id, list) });
  console.error(`library ${spec.id}: ${queries.length} queries, ${N} files, ${C} classes, embedding ${D}`);
  hark.close();
}

const share = (n: number) => oracleRanks.filter((r) => r <= n).length / oracleRanks.length;
console.log(
  `The oracle's class is the query's strongest class for ${(100 * share(1)).toFixed(0)}% of queries, in its top 5 for ` +
    `${(100 * share(5)).toFixed(0)}%, top 20 ${(100 * share(20)).toFixed(0)}%, top 100 ${(100 * share(100)).toFixed(0)}%.\n`,
);
console.log('| stripped mAP@10 | mean of both | lib 1 literal | lib 1 descr. | lib 2 literal | lib 2 descr. |');
console.log('|---|---|---|---|---|---|');
for (const [row, r] of table) console.log(tableRow(row, r));
