// Tries other class sides for the label bridge on both names-stripped dev libraries: which text stands for each
// AudioSet class (name and description as shipped, the name alone, both), and spreading a query's class weight along
// the AudioSet ontology (to a class's children or its parents). Scored like the bridge (its own query weights with
// the UCS route, sum_c w_c p_fc / prior_c), neural only, mAP@10 per kind. For choosing on the dev set only.
// Usage: node_modules/.bin/node node_modules/.bin/vite-node eval/try-label-texts.ts
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { openHark } from '../src-main/app/open-hark';
import type { Hark } from '../src-main/app/hark';
import type { BridgeSearch } from '../src-main/search/label-bridge/neural-search';
import type { Searcher } from '../src-main/search/searcher';
import { queryClassWeights, ucsToClassMap } from '../src-main/search/label-bridge/query-weights';
import { loadMatrix } from '../src-main/store/analysis';
import type { Db } from '../src-main/store/database';
import type { LabelBank } from '../src-main/ml/text/label-bank';
import { pathNormaliser, readQueries, resolveJudgements } from './judgements.mjs';
import { listAudio } from './metrics.mjs';
import { chosenLibraries } from './libraries.mjs';

const K = 10;
const root = path.resolve(import.meta.dirname, '..');

function bridgeOf(hark: Hark): BridgeSearch {
  const searcher = (hark as unknown as { searcher: Searcher }).searcher;
  return (searcher as unknown as { models: Record<string, BridgeSearch> }).models['label-bridge']!;
}

function apAt(ranked: number[], relevant: Set<number>): number {
  let hits = 0;
  let sum = 0;
  for (let i = 0; i < Math.min(K, ranked.length); i++) if (relevant.has(ranked[i]!)) sum += ++hits / (i + 1);
  return relevant.size ? sum / Math.min(relevant.size, K) : 0;
}

function topRows(scores: Float32Array): number[] {
  const order: number[] = [];
  for (let i = 0; i < scores.length; i++)
    if (order.length < K || scores[i]! > scores[order[order.length - 1]!]!) {
      order.push(i);
      order.sort((a, b) => scores[b]! - scores[a]!);
      if (order.length > K) order.pop();
    }
  return order;
}

function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  return v.map((x) => x / Math.sqrt(n || 1));
}

const ontology = JSON.parse(readFileSync(path.join(root, 'models/audioset/ontology.json'), 'utf-8')) as {
  id: string;
  child_ids: string[];
}[];
const childrenOf = new Map(ontology.map((o) => [o.id, o.child_ids]));

type Spread = { to: 'children' | 'parents'; share: number } | null;
// How a class's probability column is put on a common scale before the weighted sum: divided by the library
// mean to a power (1 = shipped), by the column's max, or replaced by the file's rank within the column.
type Scale = { by: 'prior'; power: number } | { by: 'max' } | { by: 'rank' };
interface Variant {
  text: 'shipped' | 'name' | 'both';
  spread: Spread;
  scale?: Scale;
}
const variants: Variant[] = [];
for (const text of ['shipped', 'name', 'both'] as const) variants.push({ text, spread: null });
for (const to of ['children', 'parents'] as const)
  for (const share of [0.1, 0.25, 0.5]) variants.push({ text: 'shipped', spread: { to, share } });
for (const power of [0, 0.5, 0.75, 1.25])
  variants.push({ text: 'shipped', spread: null, scale: { by: 'prior', power } });
variants.push({ text: 'shipped', spread: null, scale: { by: 'max' } });
variants.push({ text: 'shipped', spread: null, scale: { by: 'rank' } });

const results = new Map<string, Record<string, number>>();
for (const spec of chosenLibraries(['--library', 'all'])) {
  const judgements = resolveJudgements(readQueries(spec.queries), listAudio(path.join(spec.dir, 'named'))) as Map<
    string,
    { kind: string; relevant: Set<string> }
  >;
  const hark = await openHark({ dbPath: path.join(spec.dir, 'hark-stripped.db') });
  const bridge = bridgeOf(hark);
  const internals = bridge as unknown as { embed(t: string): Promise<Float32Array>; db: Db; bank: LabelBank };
  const bank = internals.bank;
  const settings = bridge.settings;
  const C = bank.audioset.length;
  const dim = bank.dim;
  const probs = loadMatrix(internals.db, 'probs');
  const N = probs.fileIds.length;
  const priors = new Float32Array(C);
  for (let i = 0; i < N; i++) for (let c = 0; c < C; c++) priors[c]! += probs.values[i * C + c]! / N;
  for (let c = 0; c < C; c++) priors[c] = Math.max(priors[c]!, settings.priorFloor);
  const normalise = pathNormaliser(spec.dir, 'stripped');
  const rowOfKey = new Map<string, number>();
  for (let i = 0; i < N; i++) rowOfKey.set(normalise((await hark.getFile({ fileId: probs.fileIds[i]! })).path), i);

  const names = await Promise.all(bank.audioset.map((c) => internals.embed(c.name)));
  const classTexts: Record<Variant['text'], Float32Array> = {
    shipped: bank.audiosetEmbeddings,
    name: new Float32Array(C * dim),
    both: new Float32Array(C * dim),
  };
  for (let c = 0; c < C; c++) {
    classTexts.name.set(unit(names[c]!), c * dim);
    const full = bank.audiosetEmbeddings.subarray(c * dim, (c + 1) * dim);
    classTexts.both.set(unit(names[c]!.map((x, d) => x + full[d]!)), c * dim);
  }
  const indexOfMid = new Map(bank.audioset.map((c) => [c.mid, c.index]));
  const children: number[][] = bank.audioset.map((c) =>
    (childrenOf.get(c.mid) ?? []).flatMap((id) => (indexOfMid.has(id) ? [indexOfMid.get(id)!] : [])),
  );
  const parents: number[][] = bank.audioset.map(() => []);
  children.forEach((list, p) => list.forEach((ch) => parents[ch]!.push(p)));
  const colMax = new Float32Array(C);
  for (let i = 0; i < N; i++) for (let c = 0; c < C; c++) colMax[c] = Math.max(colMax[c]!, probs.values[i * C + c]!);
  const ranks = new Float32Array(N * C);
  for (let c = 0; c < C; c++) {
    const order = Array.from({ length: N }, (_, i) => i).sort(
      (a, b) => probs.values[a * C + c]! - probs.values[b * C + c]!,
    );
    order.forEach((i, r) => (ranks[i * C + c] = r / (N - 1)));
  }
  const scaled = (scale: Scale | undefined, i: number, c: number) => {
    const p = probs.values[i * C + c]!;
    if (!scale) return p / priors[c]!;
    if (scale.by === 'prior') return p / priors[c]! ** scale.power;
    if (scale.by === 'max') return p / Math.max(colMax[c]!, 1e-6);
    return ranks[i * C + c]!;
  };
  const ucsToClass = ucsToClassMap(bank.audiosetUcsSimilarity, C, settings.temperature);

  const queries = await Promise.all(
    [...judgements].map(async ([query, { kind, relevant }]) => ({
      kind,
      embedding: await internals.embed(query),
      relevant: new Set([...relevant].flatMap((k) => (rowOfKey.has(k) ? [rowOfKey.get(k)!] : []))),
    })),
  );
  for (const v of variants) {
    const aps: Record<string, number[]> = { literal: [], descriptive: [] };
    for (const q of queries) {
      let w = queryClassWeights(
        q.embedding,
        { dim, classEmbeddings: classTexts[v.text], ucsEmbeddings: bank.ucsEmbeddings, ucsToClass },
        settings,
      );
      if (v.spread) {
        const links = v.spread.to === 'children' ? children : parents;
        const spread = Float32Array.from(w, (x, c) => (links[c]!.length ? x * (1 - v.spread!.share) : x));
        w.forEach((x, c) => links[c]!.forEach((o) => (spread[o]! += (x * v.spread!.share) / links[c]!.length)));
        w = spread;
      }
      const scores = new Float32Array(N);
      for (let c = 0; c < C; c++) {
        if (w[c]! < 1e-5) continue;
        for (let i = 0; i < N; i++) scores[i]! += w[c]! * scaled(v.scale, i, c);
      }
      aps[q.kind]!.push(apAt(topRows(scores), q.relevant));
    }
    const key = JSON.stringify(v);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    results.set(key, {
      ...results.get(key),
      [`${spec.id} all`]: mean([...aps['literal']!, ...aps['descriptive']!]),
      [`${spec.id} literal`]: mean(aps['literal']!),
      [`${spec.id} descriptive`]: mean(aps['descriptive']!),
    });
  }
  hark.close();
}

const f = (x: number | undefined) => (x ?? 0).toFixed(3);
const mean = (r: Record<string, number>) => ((r['1 all'] ?? 0) + (r['2 all'] ?? 0)) / 2;
console.log('| class text, spread | mean | lib 1 literal | lib 1 descr. | lib 2 literal | lib 2 descr. |');
console.log('|---|---|---|---|---|---|');
for (const [key, r] of [...results].sort((a, b) => mean(b[1]) - mean(a[1])))
  console.log(
    `| ${key} | ${f(mean(r))} | ${f(r['1 literal'])} | ${f(r['1 descriptive'])} | ${f(r['2 literal'])} | ${f(r['2 descriptive'])} |`,
  );
