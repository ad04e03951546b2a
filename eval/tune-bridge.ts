// Tries label-bridge settings on the names-stripped dev libraries without re-running the CLI: one in-process Hark
// per library (the text tower of HARK_TEXT_TOWER, else the default), each query embedded once, then every setting
// of the grid scored (neural only, mAP@10, literal / descriptive). Also prints the best query-to-label cosine of
// the dev queries against the OOD queries, to place the tower's no-good-match line. For choosing the tower's entry
// in src-main/search/label-bridge/settings.ts on the dev set only.
// Usage: npx vite-node eval/tune-bridge.ts -- [--grid "T,uT,share,floor[,massKept];..."]
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { openHark } from '../src-main/app/open-hark';
import type { Hark } from '../src-main/app/hark';
import type { BridgeSearch } from '../src-main/search/label-bridge/neural-search';
import type { LibraryScorer } from '../src-main/search/label-bridge/library-scorer';
import type { BridgeSettings } from '../src-main/search/label-bridge/settings';
import type { Searcher } from '../src-main/search/searcher';
import { pathNormaliser, readQueries, resolveJudgements } from './judgements.mjs';
import { chosenLibraries } from './libraries.mjs';
import { evaluate, listAudio } from './metrics.mjs';

const argv = process.argv.slice(2).filter((a) => a !== '--');
const gridAt = argv.indexOf('--grid');
const gridArg = gridAt >= 0 ? argv[gridAt + 1] : undefined;

function bridgeOf(hark: Hark): BridgeSearch {
  const searcher = (hark as unknown as { searcher: Searcher }).searcher;
  const bridge = (searcher as unknown as { models: Record<string, BridgeSearch> }).models['label-bridge'];
  if (!bridge) throw new Error('no label bridge: are the models installed?');
  return bridge;
}

const grid: Partial<BridgeSettings>[] = [];
if (gridArg)
  for (const [temperature, ucsTemperature, ucsShare, priorFloor, massKept] of gridArg
    .split(';')
    .filter(Boolean)
    .map((s) => s.split(',').map(Number)))
    grid.push({ temperature, ucsTemperature, ucsShare, priorFloor, ...(massKept ? { massKept } : {}) });
else
  for (const temperature of [0.01, 0.02, 0.03, 0.05])
    for (const ucsTemperature of [0.01, 0.02, 0.03, 0.05])
      for (const ucsShare of [0.25, 0.5, 0.75]) grid.push({ temperature, ucsTemperature, ucsShare });

const results = new Map<string, Record<string, number>>();
for (const spec of chosenLibraries(['--library', 'all'])) {
  const judgements = resolveJudgements(readQueries(spec.queries), listAudio(path.join(spec.dir, 'named')));
  const queries = [...judgements.keys()];
  const hark = await openHark({ dbPath: path.join(spec.dir, 'hark-stripped.db') });
  const bridge = bridgeOf(hark);
  const tuned = bridge.settings;
  const normalise = pathNormaliser(spec.dir, 'stripped');
  const filePaths = new Map<number, string>();
  const pathOf = async (id: number) => {
    if (!filePaths.has(id)) {
      filePaths.set(id, normalise((await hark.getFile({ fileId: id })).path));
    }
    return filePaths.get(id)!;
  };

  // The no-good-match line: the best label cosine of each query, dev (in the library) vs OOD (absent sounds).
  const scorer = () => (bridge as unknown as { ready(): LibraryScorer }).ready();
  const embed = (text: string) => (bridge as unknown as { embed(t: string): Promise<Float32Array> }).embed(text);
  const bestCosine = async (texts: string[]) =>
    Promise.all(texts.map(async (text) => scorer().labelMatch(await embed(text)).similarity));
  const ood = readFileSync(spec.ood, 'utf-8').split('\n').filter(Boolean);
  const inside = (await bestCosine(queries)).sort((a, b) => a - b);
  const outside = (await bestCosine(ood)).sort((a, b) => a - b);
  const at = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!.toFixed(3);
  console.log(
    `library ${spec.id}: best label cosine, dev queries p1 ${at(inside, 0.01)} p2 ${at(inside, 0.02)} p5 ${at(inside, 0.05)} median ${at(inside, 0.5)}; OOD median ${at(outside, 0.5)} p90 ${at(outside, 0.9)}`,
  );

  for (const variant of [{}, ...grid]) {
    bridge.settings = { ...tuned, ...variant };
    const runs = [];
    for (const query of queries) {
      const { hits } = await bridge.search(query, 10);
      runs.push({ query, results: await Promise.all(hits.map(async (hit) => ({ path: await pathOf(hit.fileId) }))) });
    }
    const { all, byKind } = evaluate(runs, judgements);
    const s = bridge.settings;
    const key = Object.keys(variant).length
      ? JSON.stringify([s.temperature, s.ucsTemperature, s.ucsShare, s.priorFloor, s.massKept])
      : 'tuned';
    results.set(key, {
      ...results.get(key),
      [`${spec.id} all`]: all.map10,
      [`${spec.id} literal`]: byKind.literal?.map10 ?? 0,
      [`${spec.id} descriptive`]: byKind.descriptive?.map10 ?? 0,
    });
  }
  hark.close();
}

const f = (x: number | undefined) => (x ?? 0).toFixed(3);
const mean = (r: Record<string, number>) => ((r['1 all'] ?? 0) + (r['2 all'] ?? 0)) / 2;
console.log(
  '\n| T, UCS T, UCS share, prior floor, mass kept | mean | lib 1 literal | lib 1 descr | lib 2 literal | lib 2 descr |',
);
console.log('|---|---|---|---|---|---|');
for (const [key, r] of [...results].sort((a, b) => mean(b[1]) - mean(a[1])))
  console.log(
    `| ${key} | ${f(mean(r))} | ${f(r['1 literal'])} | ${f(r['1 descriptive'])} | ${f(r['2 literal'])} | ${f(r['2 descriptive'])} |`,
  );
