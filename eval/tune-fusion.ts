// Tries fusion settings on a dev library without re-running the CLI: one in-process Hark per variant, the model's
// answer to each query computed once, then every setting of the grid fused and scored (mAP@10, literal /
// descriptive, named / stripped). For choosing DEFAULT_FUSION (src-main/search/fusion.ts) on the dev set only.
// Usage: npx vite-node eval/tune-fusion.ts -- [LIBRARY_DIR] [QUERIES_TSV]
import path from 'node:path';
import { openHark } from '../src-main/app/open-hark';
import type { Hark } from '../src-main/app/hark';
import { DEFAULT_FUSION, type FusionSettings } from '../src-main/search/fusion';
import type { NeuralSearch } from '../src-main/search/neural';
import type { Searcher } from '../src-main/search/searcher';
import { pathNormaliser, readQueries, resolveJudgements } from './judgements.mjs';
import { evaluate, listAudio } from './metrics.mjs';

const [library = '/tmp/hark-dev-library', queriesFile = path.join(import.meta.dirname, 'queries.tsv')] = process.argv
  .slice(2)
  .filter((a) => a !== '--');
const judgements = resolveJudgements(readQueries(queriesFile), listAudio(path.join(library, 'named')));
const queries = [...judgements.keys()];

/** The Searcher inside a Hark, its model's answers memoised: the grid changes only the fusion. */
function searcherOf(hark: Hark): Searcher {
  const searcher = (hark as unknown as { searcher: Searcher }).searcher;
  const models = (searcher as unknown as { models: Record<string, NeuralSearch> }).models;
  for (const model of Object.values(models)) {
    const memo = new Map<string, ReturnType<NeuralSearch['search']>>();
    const search = model.search.bind(model);
    (model as { search: NeuralSearch['search'] }).search = (text, limit) => {
      const key = `${text}\u0000${limit}`;
      if (!memo.has(key)) memo.set(key, search(text, limit));
      return memo.get(key)!;
    };
    // Explanations do not change the ranking; skipping them keeps the grid fast.
    delete (model as { explain?: unknown }).explain;
  }
  return searcher;
}

const grid: FusionSettings[] = [];
for (const maxKeywordWeight of [0.6, 0.7, 0.8, 0.9])
  for (const evidencePower of [0.5, 1, 2])
    for (const fullStrength of [0.2, 0.4, 0.8])
      grid.push({ ...DEFAULT_FUSION, maxKeywordWeight, evidencePower, fullStrength });

/**
 * Where the line between matches and weaker ones should go: for each candidate line, the share of the hits above
 * it that are relevant (precision) and the share of the relevant files found above it (recall), at DEFAULT_FUSION.
 */
async function lineTable(hark: Hark, normalise: (p: string) => string): Promise<void> {
  const lines = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4];
  const above = lines.map(() => ({ relevant: 0, all: 0 }));
  let relevantTotal = 0;
  for (const query of queries) {
    const relevant = judgements.get(query)!.relevant;
    relevantTotal += relevant.size;
    const response = await hark.search({ text: query, mode: 'fused', limit: 1000 });
    for (const hit of response.hits) {
      const isRelevant = relevant.has(normalise(hit.path));
      lines.forEach((line, i) => {
        if (hit.score >= line) {
          above[i]!.all++;
          if (isRelevant) above[i]!.relevant++;
        }
      });
    }
  }
  console.log(
    'line: ' +
      lines
        .map(
          (line, i) =>
            `${line} P ${(above[i]!.relevant / Math.max(1, above[i]!.all)).toFixed(2)} R ${(above[i]!.relevant / relevantTotal).toFixed(2)} n/q ${(above[i]!.all / queries.length).toFixed(0)}`,
        )
        .join(' | '),
  );
}

const results = new Map<string, Record<string, number>>();
for (const variant of ['named', 'stripped']) {
  const hark = await openHark({ dbPath: path.join(library, `hark-${variant}.db`) });
  const searcher = searcherOf(hark);
  const normalise = pathNormaliser(library, variant);
  for (const mode of ['keyword', 'neural'] as const) {
    const runs = [];
    for (const query of queries) {
      const response = await hark.search({ text: query, mode, limit: 10 });
      runs.push({ query, results: response.hits.map((hit) => ({ path: normalise(hit.path) })) });
    }
    const { byKind } = evaluate(runs, judgements);
    console.log(
      `${variant} ${mode}: literal ${byKind.literal?.map10.toFixed(3)} descriptive ${byKind.descriptive?.map10.toFixed(3)}`,
    );
  }
  searcher.fusion = DEFAULT_FUSION;
  await lineTable(hark, normalise);
  for (const settings of grid) {
    searcher.fusion = settings;
    const runs = [];
    for (const query of queries) {
      const response = await hark.search({ text: query, mode: 'fused', limit: 10 });
      runs.push({ query, results: response.hits.map((hit) => ({ path: normalise(hit.path) })) });
    }
    const { byKind } = evaluate(runs, judgements);
    const key = JSON.stringify([settings.maxKeywordWeight, settings.evidencePower, settings.fullStrength]);
    results.set(key, {
      ...results.get(key),
      [`${variant} literal`]: byKind.literal?.map10 ?? 0,
      [`${variant} descriptive`]: byKind.descriptive?.map10 ?? 0,
    });
  }
  hark.close();
}

console.log('\n| max keyword weight, evidence power, full strength | named literal | named descr | stripped descr |');
console.log('|---|---|---|---|');
for (const [key, r] of results) {
  const f = (x: number | undefined) => (x ?? 0).toFixed(3);
  console.log(`| ${key} | ${f(r['named literal'])} | ${f(r['named descriptive'])} | ${f(r['stripped descriptive'])} |`);
}
