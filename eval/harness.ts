// Dev evaluation harness for the zero-shot label bridge, until the lead's CLI exists. Needs the library from
// eval/build-library.mjs and the cached probabilities from eval/tag-library.ts (both variants). Prints the
// keyword / neural / fused table for the named and names-stripped libraries, and with --grid a tuning grid of
// the bridge settings. Writes run files (JSON lines, as `hark search --queries --json`) to <library>/runs/.
// Usage: npx vite-node eval/harness.ts -- [/tmp/hark-dev-library] [--grid]

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadLabelBank } from '../src-main/ml/text/label-bank';
import { createTextEncoder, type SentenceEncoder } from '../src-main/ml/text/text-encoder';
import { queryClassWeights, ucsToClassMap, type BridgeLabels } from '../src-main/search/label-bridge/query-weights';
import { DEFAULT_BRIDGE_SETTINGS, type BridgeSettings } from '../src-main/search/label-bridge/settings';
import { bridgeScoresFromWeights, libraryPriors } from './row-major-bridge';
import { classToUcsMap } from '../src-main/ml/text/auto-tags';
import { readQueries, resolveJudgements } from './judgements.mjs';
import { buildKeywordIndex } from './keyword-stand-in';
import { evaluate } from './metrics.mjs';

const args = process.argv.slice(2).filter((a) => a !== '--');
const library =
  args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--'))) ?? '/tmp/hark-dev-library';
const grid = args.includes('--grid');
// --probs project: probabilities from the project's tagger (eval/tag-library.ts --tagger project), else the stand-in.
const probsSource = args.includes('--probs') ? args[args.indexOf('--probs') + 1] : undefined;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const SHARED = process.env.HARK_SHARED ?? new URL('../../shared', import.meta.url).pathname;
const NUM_CLASSES = 527;

interface Variant {
  name: 'named' | 'stripped';
  files: string[]; // named-relative paths (judgement space)
  probsMax: Float32Array;
  probsMean: Float32Array;
}

function loadVariant(name: 'named' | 'stripped'): Variant {
  const prefix = probsSource ? `${name}-${probsSource}` : name;
  const filesFile = path.join(library, `${prefix}-files.json`);
  if (!existsSync(filesFile)) throw new Error(`${filesFile} missing: run eval/tag-library.ts first`);
  let files = JSON.parse(readFileSync(filesFile, 'utf-8')) as string[];
  if (name === 'stripped') {
    const map = JSON.parse(readFileSync(path.join(library, 'stripped-map.json'), 'utf-8')) as Record<string, string>;
    files = files.map((f) => map[f] ?? f);
  }
  const f32 = (file: string) => {
    const b = readFileSync(path.join(library, file));
    return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  return { name, files, probsMax: f32(`${prefix}-probs.f32`), probsMean: f32(`${prefix}-probs-mean.f32`) };
}

type Ranked = number[]; // file indices, best first

function rankScores(scores: Float32Array, limit = 100): Ranked {
  return Array.from(scores.keys())
    .sort((a, b) => scores[b]! - scores[a]!)
    .slice(0, limit);
}

/** Reciprocal rank fusion, k = 60. */
function rrf(lists: Ranked[], limit = 100, k = 60): Ranked {
  const score = new Map<number, number>();
  for (const list of lists) list.forEach((f, r) => score.set(f, (score.get(f) ?? 0) + 1 / (k + r + 1)));
  return [...score.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([f]) => f);
}

/** Keyword hits first (in keyword order), then the neural list: literal queries stay as good as keywords. */
function keywordFirst(keyword: Ranked, neural: Ranked, limit = 100): Ranked {
  const seen = new Set(keyword);
  return [...keyword, ...neural.filter((f) => !seen.has(f))].slice(0, limit);
}

const queries = readQueries(path.join(import.meta.dirname, 'queries.tsv'));
const has = (v: string) => existsSync(path.join(library, `${probsSource ? `${v}-${probsSource}` : v}-files.json`));
const named = only !== 'stripped' && has('named') ? loadVariant('named') : null;
const stripped = only !== 'named' && has('stripped') ? loadVariant('stripped') : null;
const judgementFiles = JSON.parse(readFileSync(path.join(library, 'named-files.json'), 'utf-8')) as string[];
const judgements = resolveJudgements(queries, judgementFiles);

let encoder: Promise<SentenceEncoder> | undefined;
const getEncoder = () => (encoder ??= createTextEncoder());
const t0 = performance.now();
const bank = await loadLabelBank({
  audiosetDir: path.join(SHARED, 'data/audioset'),
  ucsDir: path.join(SHARED, 'data/ucs'),
  cacheDir: path.join(library, 'cache'),
  getEncoder,
});
console.error(`label bank ready in ${(performance.now() - t0).toFixed(0)} ms`);
const enc = await getEncoder();
const qEmb = await enc.embed(queries.map((q) => q.query));

const ucsToClass = ucsToClassMap(bank.audiosetUcsSimilarity, NUM_CLASSES, 0.02);
const labels: BridgeLabels = {
  dim: bank.dim,
  classEmbeddings: bank.audiosetEmbeddings,
  ucsEmbeddings: bank.ucsEmbeddings,
  ucsToClass,
};

/**
 * A variant of the label side: each class embedding moved towards the UCS entries its text resembles
 * (normalise(A_c + lambda * sum_u map[c,u] U_u)), so that UCS synonyms widen what a class answers to.
 */
function ucsAugmentedLabels(lambda: number): BridgeLabels {
  const numUcs = bank.ucs.length;
  const map = classToUcsMap(bank.audiosetUcsSimilarity, numUcs, 0.02);
  const out = new Float32Array(bank.audiosetEmbeddings);
  for (let c = 0; c < NUM_CLASSES; c++) {
    const row = out.subarray(c * bank.dim, (c + 1) * bank.dim);
    for (let u = 0; u < numUcs; u++) {
      const m = map[c * numUcs + u]!;
      if (m < 1e-4) continue;
      for (let k = 0; k < bank.dim; k++) row[k]! += lambda * m * bank.ucsEmbeddings[u * bank.dim + k]!;
    }
    const n = Math.hypot(...row);
    for (let k = 0; k < bank.dim; k++) row[k]! /= n;
  }
  return { ...labels, classEmbeddings: out };
}

interface RunSpec {
  settings: BridgeSettings;
  pooling: 'max' | 'mean';
  usePrior: boolean;
  labels?: BridgeLabels;
}

function neuralRuns(v: Variant, spec: RunSpec): Ranked[] {
  const probs = spec.pooling === 'max' ? v.probsMax : v.probsMean;
  const priors = spec.usePrior
    ? libraryPriors(probs, NUM_CLASSES, spec.settings.priorFloor)
    : new Float32Array(NUM_CLASSES).fill(1);
  return qEmb.map((q) =>
    rankScores(
      bridgeScoresFromWeights(
        queryClassWeights(q, spec.labels ?? labels, spec.settings),
        probs,
        priors,
        spec.settings.massKept,
      ),
    ),
  );
}

function keywordRuns(v: Variant): Ranked[] {
  // The stripped variant's names are random ids: keyword search sees only those.
  const docs = v.name === 'named' ? v.files : strippedIds(v);
  const index = buildKeywordIndex(docs);
  return queries.map((q) =>
    index
      .search(q.query)
      .slice(0, 100)
      .map((h) => h.index),
  );
}

function score(v: Variant, runs: Ranked[]) {
  const asRuns = runs.map((r, i) => ({ query: queries[i]!.query, results: r.map((f) => ({ path: v.files[f]! })) }));
  return evaluate(asRuns, judgements);
}

function writeRun(v: Variant, method: string, runs: Ranked[]) {
  const dir = path.join(library, 'runs');
  mkdirSync(dir, { recursive: true });
  // Paths as the CLI would print them: the stripped variant's files are named by their random ids on disk.
  const onDisk = v.name === 'named' ? v.files : strippedIds(v);
  const lines = runs.map((r, i) =>
    JSON.stringify({ query: queries[i]!.query, results: r.map((f) => ({ path: onDisk[f]! })) }),
  );
  writeFileSync(path.join(dir, `${v.name}-${method}.jsonl`), lines.join('\n') + '\n');
}

const f3 = (x: number) => x.toFixed(3);
function row(label: string, m: ReturnType<typeof evaluate>) {
  const k = m.byKind as Record<string, { map10: number; r1: number; r10: number }>;
  return `| ${label.padEnd(34)} | ${f3(m.all.map10)} | ${f3(m.all.r1)} | ${f3(m.all.r10)} | ${f3(k.literal!.map10)} | ${f3(k.literal!.r1)} | ${f3(k.descriptive!.map10)} | ${f3(k.descriptive!.r10)} |`;
}
const header =
  '| method                             | mAP@10 | R@1 | R@10 | literal mAP@10 | literal R@1 | descr. mAP@10 | descr. R@10 |\n|---|---|---|---|---|---|---|---|';

const BEST: RunSpec = { settings: { ...DEFAULT_BRIDGE_SETTINGS }, pooling: 'max', usePrior: true };
// The grid varies one setting at a time from the plain bridge (AudioSet texts only, prior floor 1e-3).
const PLAIN: RunSpec = { ...BEST, settings: { ...DEFAULT_BRIDGE_SETTINGS, priorFloor: 1e-3, ucsShare: 0 } };

for (const v of [named, stripped].filter((x): x is Variant => x !== null)) {
  const kw = keywordRuns(v);
  const nn = neuralRuns(v, BEST);
  const fusedRrf = kw.map((k, i) => rrf([k, nn[i]!]));
  const fusedKf = kw.map((k, i) => keywordFirst(k, nn[i]!));
  writeRun(v, 'keyword', kw);
  writeRun(v, 'neural', nn);
  writeRun(v, 'fused', fusedKf);
  console.log(`\n### ${v.name} library (${v.files.length} files, ${queries.length} queries)\n${header}`);
  console.log(
    row(
      'random order (expected, approx.)',
      score(
        v,
        queries.map(() => shuffle(v.files.length)),
      ),
    ),
  );
  console.log(row('keyword only (BM25 on path words)', score(v, kw)));
  console.log(row('neural only, plain bridge (no UCS)', score(v, neuralRuns(v, PLAIN))));
  console.log(row('neural only (label bridge, defaults)', score(v, nn)));
  console.log(row('fused: RRF k=60', score(v, fusedRrf)));
  console.log(row('fused: keyword hits first', score(v, fusedKf)));
}

if (grid) {
  const v = (stripped ?? named)!;
  console.log(`\n### bridge settings, neural only, ${v.name} library\n${header}`);
  const variants: Array<[string, RunSpec]> = [];
  for (const temperature of [0.01, 0.02, 0.05, 0.1])
    variants.push([`T=${temperature}`, { ...PLAIN, settings: { ...PLAIN.settings, temperature } }]);
  variants.push(['no prior correction', { ...PLAIN, usePrior: false }]);
  for (const priorFloor of [1e-4, 1e-2, 5e-2])
    variants.push([`prior floor ${priorFloor}`, { ...PLAIN, settings: { ...PLAIN.settings, priorFloor } }]);
  variants.push(['mean over windows', { ...PLAIN, pooling: 'mean' }]);
  for (const ucsShare of [0.25, 0.5, 1])
    variants.push([`UCS route share ${ucsShare}`, { ...PLAIN, settings: { ...PLAIN.settings, ucsShare } }]);
  for (const lambda of [0.3, 1])
    variants.push([`labels + UCS texts, lambda ${lambda}`, { ...PLAIN, labels: ucsAugmentedLabels(lambda) }]);
  variants.push(['exact (massKept 1)', { ...PLAIN, settings: { ...PLAIN.settings, massKept: 1 } }]);
  // Combinations around the defaults.
  const base = { ...PLAIN, settings: { ...PLAIN.settings, priorFloor: 0.01 } };
  for (const ucsShare of [0.25, 0.5])
    for (const ucsTemperature of [0.01, 0.02, 0.05])
      variants.push([
        `floor 0.01, UCS ${ucsShare} @T ${ucsTemperature}`,
        { ...base, settings: { ...base.settings, ucsShare, ucsTemperature } },
      ]);
  for (const massKept of [0.99, 0.95, 0.9])
    variants.push([`defaults, massKept ${massKept}`, { ...BEST, settings: { ...BEST.settings, massKept } }]);
  variants.push([
    'floor 0.01, UCS 0.5, labels+UCS 0.3',
    {
      ...base,
      settings: { ...base.settings, ucsShare: 0.5 },
      labels: { ...ucsAugmentedLabels(0.3), ucsEmbeddings: bank.ucsEmbeddings, ucsToClass },
    },
  ]);
  for (const [label, spec] of variants) console.log(row(label, score(v, neuralRuns(v, spec))));
}

/** The random ids the stripped files carry on disk, in the variant's file order. */
function strippedIds(v: Variant): string[] {
  const map = JSON.parse(readFileSync(path.join(library, 'stripped-map.json'), 'utf-8')) as Record<string, string>;
  const idOf = new Map(Object.entries(map).map(([id, named]) => [named, id]));
  return v.files.map((f) => idOf.get(f) ?? f);
}

function shuffle(n: number): Ranked {
  const a = Array.from({ length: n }, (_, i) => i);
  let seed = 12345;
  for (let i = n - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const j = seed % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, 100);
}
