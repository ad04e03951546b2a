#!/usr/bin/env node
// `npm run eval`: retrieval quality of the real `hark` CLI on the dev library, named and names-stripped, for
// keyword-only, neural-only and fused search. Builds the library first when it is missing.
// Usage: node eval/run.mjs [LIBRARY_DIR] [--reindex]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathNormaliser, readQueries, resolveJudgements } from './judgements.mjs';
import { evaluate, listAudio } from './metrics.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const library = path.resolve(args.find((a) => !a.startsWith('--')) ?? process.env.HARK_DEV_LIBRARY ?? '/tmp/hark-dev-library');
const hark = (argv, options = {}) => {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/hark.js'), ...argv], { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  if (result.status !== 0) throw new Error(`hark ${argv.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
};

if (!existsSync(path.join(library, 'stripped-map.json'))) {
  console.error(`Building the dev library in ${library} ...`);
  execFileSync(process.execPath, [path.join(here, 'build-library.mjs'), library], { stdio: 'inherit' });
}

const queries = readQueries(path.join(here, 'queries.tsv'));
const judgements = resolveJudgements(queries, listAudio(path.join(library, 'named')));
const queryFile = path.join(library, 'queries.txt');
writeFileSync(queryFile, [...judgements.keys()].join('\n') + '\n');
mkdirSync(path.join(library, 'runs'), { recursive: true });

const rows = [];
for (const variant of ['named', 'stripped']) {
  const db = path.join(library, `hark-${variant}.db`);
  if (args.includes('--reindex') || !existsSync(db)) {
    hark(['--db', db, 'add', path.join(library, variant)]);
    const started = Date.now();
    hark(['--db', db, 'index'], { stdio: ['ignore', 'pipe', 'inherit'] });
    console.error(`${variant}: indexed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const normalise = pathNormaliser(library, variant);
  for (const mode of ['keyword', 'neural', 'fused']) {
    const out = hark(['--db', db, 'search', '--queries', queryFile, '--mode', mode, '--limit', '10']);
    writeFileSync(path.join(library, 'runs', `${variant}-${mode}.jsonl`), out);
    const runs = out
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line))
      .map((run) => ({ query: run.query, results: run.results.map((r) => ({ ...r, path: normalise(r.path) })) }));
    const { all, byKind } = evaluate(runs, judgements);
    rows.push({ variant, mode, all, byKind });
  }
}

const f = (x) => x.toFixed(3);
console.log('\n| library | search | mAP@10 | R@1 | R@10 | literal mAP@10 | descriptive mAP@10 |');
console.log('|---|---|---|---|---|---|---|');
for (const { variant, mode, all, byKind } of rows) {
  console.log(`| ${variant} | ${mode} | ${f(all.map10)} | ${f(all.r1)} | ${f(all.r10)} | ${f(byKind.literal?.map10 ?? 0)} | ${f(byKind.descriptive?.map10 ?? 0)} |`);
}
console.log(`\n${judgements.size} queries; runs in ${path.join(library, 'runs')}`);
