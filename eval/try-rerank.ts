// Tries re-ranking the label bridge's candidates by the sound itself, on both names-stripped dev libraries: the
// bridge's top K, then each candidate's score blended with its mn04-embedding similarity to the bridge's best few
// (pseudo-relevance feedback: files that sound like the strongest matches are likelier matches too).
// Usage: node_modules/.bin/node node_modules/.bin/vite-node eval/try-rerank.ts
import path from 'node:path';
import { openHark } from '../src-main/app/open-hark';
import type { Hark } from '../src-main/app/hark';
import type { BridgeSearch } from '../src-main/search/label-bridge/neural-search';
import type { Searcher } from '../src-main/search/searcher';
import { loadMatrix } from '../src-main/store/analysis';
import type { Db } from '../src-main/store/database';
import { pathNormaliser, readQueries, resolveJudgements } from './judgements.mjs';
import { chosenLibraries } from './libraries.mjs';
import { evaluate, listAudio } from './metrics.mjs';

function bridgeOf(hark: Hark): BridgeSearch {
  const searcher = (hark as unknown as { searcher: Searcher }).searcher;
  return (searcher as unknown as { models: Record<string, BridgeSearch> }).models['label-bridge']!;
}

const POOL = 100;
const variants: Array<{ seeds: number; alpha: number; power: number }> = [{ seeds: 0, alpha: 0, power: 1 }];
for (const seeds of [1, 3, 5, 10])
  for (const alpha of [0.25, 0.5, 0.75, 1]) for (const power of [1, 3]) variants.push({ seeds, alpha, power });

const table = new Map<string, Record<string, number>>();
for (const spec of chosenLibraries(['--library', 'all'])) {
  const judgements = resolveJudgements(readQueries(spec.queries), listAudio(path.join(spec.dir, 'named')));
  const queries = [...judgements.keys()] as string[];
  const hark = await openHark({ dbPath: path.join(spec.dir, 'hark-stripped.db') });
  const bridge = bridgeOf(hark);
  const db = (bridge as unknown as { db: Db }).db;
  const features = loadMatrix(db, 'features');
  const dim = features.width;
  const rowOfFile = new Map<number, number>();
  features.fileIds.forEach((id, row) => rowOfFile.set(id, row));
  // Unit rows, so a dot product is a cosine.
  for (let r = 0; r < features.fileIds.length; r++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += features.values[r * dim + d]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) features.values[r * dim + d]! /= norm;
  }
  const cosine = (a: number, b: number) => {
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += features.values[a * dim + d]! * features.values[b * dim + d]!;
    return dot;
  };
  const normalise = pathNormaliser(spec.dir, 'stripped');
  const paths = new Map<number, string>();
  const pathOf = async (id: number) => {
    if (!paths.has(id)) paths.set(id, normalise((await hark.getFile({ fileId: id })).path));
    return paths.get(id)!;
  };

  const pools = new Map<string, Array<{ fileId: number; score: number }>>();
  for (const query of queries) pools.set(query, (await bridge.search(query, POOL)).hits);

  for (const variant of variants) {
    const runs = [];
    for (const query of queries) {
      const hits = pools.get(query)!.filter((h) => rowOfFile.has(h.fileId));
      const top = hits[0]?.score || 1;
      const seeds = hits.slice(0, variant.seeds).map((h) => rowOfFile.get(h.fileId)!);
      const rescored = hits.map((hit) => {
        const row = rowOfFile.get(hit.fileId)!;
        let feedback = 0;
        for (const seed of seeds) feedback += Math.max(0, cosine(row, seed)) ** variant.power;
        feedback = seeds.length ? feedback / seeds.length : 0;
        return { fileId: hit.fileId, score: hit.score / top + variant.alpha * feedback };
      });
      rescored.sort((a, b) => b.score - a.score);
      runs.push({
        query,
        results: await Promise.all(rescored.slice(0, 10).map(async (h) => ({ path: await pathOf(h.fileId) }))),
      });
    }
    const { all, byKind } = evaluate(runs, judgements);
    const key = `seeds ${variant.seeds} alpha ${variant.alpha} power ${variant.power}`;
    table.set(key, {
      ...table.get(key),
      [`${spec.id}`]: all.map10,
      [`${spec.id} literal`]: byKind.literal?.map10 ?? 0,
      [`${spec.id} descriptive`]: byKind.descriptive?.map10 ?? 0,
    });
  }
  hark.close();
}
const f = (x: number | undefined) => (x ?? 0).toFixed(3);
console.log('| variant | mean | lib 1 | lib 1 lit / descr | lib 2 | lib 2 lit / descr |');
console.log('|---|---|---|---|---|---|');
const mean = (r: Record<string, number>) => ((r['1'] ?? 0) + (r['2'] ?? 0)) / 2;
for (const [key, r] of [...table].sort((a, b) => mean(b[1]) - mean(a[1])))
  console.log(
    `| ${key} | ${f(mean(r))} | ${f(r['1'])} | ${f(r['1 literal'])} / ${f(r['1 descriptive'])} | ${f(r['2'])} | ${f(r['2 literal'])} / ${f(r['2 descriptive'])} |`,
  );
