// Tries other class sides for the label bridge on both names-stripped dev libraries: which text stands for each
// AudioSet class (name and description as shipped, the name alone, both), and spreading a query's class weight along
// the AudioSet ontology (to a class's children or its parents). Scored like the bridge (its own query weights with
// the UCS route, sum_c w_c p_fc / prior_c), neural only, mAP@10 per kind. For choosing on the dev set only.
// Usage: node_modules/.bin/node node_modules/.bin/vite-node eval/try-label-texts.ts
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { queryClassWeights, ucsToClassMap } from '../src-main/search/label-bridge/query-weights';
import { chosenLibraries } from './libraries.mjs';
import {
  apAt,
  libraryPriors,
  meanByKind,
  openStrippedLibrary,
  printTable,
  topRows,
  weightedScores,
} from './stripped-library';

const root = path.resolve(import.meta.dirname, '..');

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
  const { hark, bridge, internals, probs, queries: judged } = await openStrippedLibrary(spec);
  const bank = internals.bank;
  const settings = bridge.settings;
  const C = bank.audioset.length;
  const dim = bank.dim;
  const N = probs.fileIds.length;
  const priors = libraryPriors(probs, settings.priorFloor);

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

  const queries = await Promise.all(judged.map(async (q) => ({ ...q, embedding: await internals.embed(q.query) })));
  for (const v of variants) {
    const aps: { kind: string; ap: number }[] = [];
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
      const scores = weightedScores(w, N, (i, c) => scaled(v.scale, i, c));
      aps.push({ kind: q.kind, ap: apAt(topRows(scores), q.relevant) });
    }
    const key = JSON.stringify(v);
    results.set(key, { ...results.get(key), ...meanByKind(spec.id, aps) });
  }
  hark.close();
}

printTable('class text, spread', results);
