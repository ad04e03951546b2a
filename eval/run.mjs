#!/usr/bin/env node
// `npm run eval`: retrieval quality of the real `hark` CLI on the dev library, named and names-stripped, for
// keyword-only, neural-only and fused search, with the label bridge and (when `npm run train` installed them) the
// trained heads; plus how each model's "no good match" signal separates the dev queries from eval/ood-queries.txt
// (sounds the library lacks). Builds the library first when it is missing.
// Usage: node eval/run.mjs [LIBRARY_DIR] [--reindex]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathNormaliser, readQueries, resolveJudgements } from './judgements.mjs';
import { evaluate, listAudio } from './metrics.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const library = path.resolve(
  args.find((a) => !a.startsWith('--')) ?? process.env.HARK_DEV_LIBRARY ?? '/tmp/hark-dev-library',
);
const hark = (argv, options = {}) => {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/hark.js'), ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    ...options,
  });
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

const info = JSON.parse(hark(['--db', path.join(library, 'models-info.db'), 'info', '--json']));
const models = ['label-bridge', ...(info.heads?.installed ? ['hark-heads'] : [])];
if (!info.heads?.installed) console.error(`Trained heads not evaluated: ${info.heads?.problem ?? 'not installed'}`);
const rows = [];
const noMatch = [];
for (const variant of ['named', 'stripped']) {
  const db = path.join(library, `hark-${variant}.db`);
  if (args.includes('--reindex') || !existsSync(db)) hark(['--db', db, 'add', path.join(library, variant)]);
  // Incremental: only files whose analysis is missing or stale (e.g. heads installed since) are analysed.
  const started = Date.now();
  hark(['--db', db, 'index'], { stdio: ['ignore', 'pipe', 'inherit'] });
  console.error(`${variant}: index pass in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const normalise = pathNormaliser(library, variant);
  const search = (file, mode, model) => {
    const argv = [
      '--db',
      db,
      'search',
      '--queries',
      file,
      '--mode',
      mode,
      '--limit',
      '10',
      ...(model ? ['--model', model] : []),
    ];
    return hark(argv)
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line));
  };
  for (const [mode, model] of [
    ['keyword'],
    ...models.flatMap((m) => [
      ['neural', m],
      ['fused', m],
    ]),
  ]) {
    const name = model ? `${mode} (${model})` : mode;
    const raw = search(queryFile, mode, model);
    writeFileSync(
      path.join(library, 'runs', `${variant}-${mode}${model ? `-${model}` : ''}.jsonl`),
      raw.map((r) => JSON.stringify(r)).join('\n') + '\n',
    );
    const runs = raw.map((run) => ({
      query: run.query,
      results: run.results.map((r) => ({ ...r, path: normalise(r.path) })),
    }));
    const { all, byKind } = evaluate(runs, judgements);
    rows.push({ variant, mode: name, all, byKind });
    if (variant === 'stripped' && mode === 'neural') {
      const outside = search(path.join(here, 'ood-queries.txt'), mode, model);
      noMatch.push({ model, inside: raw.map((r) => r.noGoodMatch), outside: outside.map((r) => r.noGoodMatch) });
    }
  }
}

const f = (x) => x.toFixed(3);
console.log('\n| library | search | mAP@10 | R@1 | R@10 | literal mAP@10 | descriptive mAP@10 |');
console.log('|---|---|---|---|---|---|---|');
for (const { variant, mode, all, byKind } of rows) {
  console.log(
    `| ${variant} | ${mode} | ${f(all.map10)} | ${f(all.r1)} | ${f(all.r10)} | ${f(byKind.literal?.map10 ?? 0)} | ${f(byKind.descriptive?.map10 ?? 0)} |`,
  );
}
console.log('\n"No good match" on the stripped library: flagged share of dev queries (sounds it has) and of');
console.log("eval/ood-queries.txt (sounds it lacks); AUROC of the signal's score between the two.");
console.log(
  "(Both models flag a best file with too little probability mass on the query's classes; the label bridge also",
);
console.log(
  "flags queries far from every label text. The heads' flags are would-be: the app raises no notice from them.)",
);
console.log('\n| model | flagged, in library | flagged, not in library | AUROC |');
console.log('|---|---|---|---|');
for (const { model, inside, outside } of noMatch) {
  if ([...inside, ...outside].every((s) => !s)) {
    console.log(`| ${model} | no signal | no signal | - |`);
    continue;
  }
  const flagged = (s) => s && (s.flagged || s.score > s.threshold);
  const share = (list) => `${list.filter(flagged).length}/${list.length}`;
  console.log(
    `| ${model} | ${share(inside)} | ${share(outside)} | ${f(
      auroc(
        outside.map((s) => s?.score ?? 0),
        inside.map((s) => s?.score ?? 0),
      ),
    )} |`,
  );
}
console.log(`\n${judgements.size} queries; runs in ${path.join(library, 'runs')}`);

/** P(score of a positive > score of a negative), ties counted half. */
function auroc(positives, negatives) {
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}
