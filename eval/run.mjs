#!/usr/bin/env node
// `npm run eval`: retrieval quality of the real `hark` CLI on both dev libraries (eval/libraries.mjs), named and
// names-stripped: a plain BM25 over path words computed here (eval/path-words.mjs, no Hark code: the baseline the
// keyword target is measured against), then Hark's keyword-only, neural-only and fused search, with the label bridge
// and (when `npm run train` installed them) the trained heads; plus how each model's "no good match" signal
// separates the dev queries from the library's list of sounds it lacks. Builds a library first when it is missing;
// keeps its databases (hark-named.db, hark-stripped.db) inside the library folder and re-indexes incrementally.
// Usage: node eval/run.mjs [LIBRARY_DIR] [--library 1|2|all] [--reindex]
//   LIBRARY_DIR: the folder of library 1 (or of the one library chosen by --library); default from
//   eval/libraries.mjs (HARK_DEV_LIBRARY, HARK_DEV_LIBRARY_2 override).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathNormaliser, readQueries, resolveJudgements } from './judgements.mjs';
import { chosenLibraries } from './libraries.mjs';
import { evaluate, listAudio } from './metrics.mjs';
import { bm25Index } from './path-words.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const positional = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--library');
const libraries = chosenLibraries(args);
const hark = (argv, options = {}) => {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/hark.js'), ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    ...options,
  });
  if (result.status !== 0) throw new Error(`hark ${argv.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
};
const f = (x) => x.toFixed(3);

for (const spec of libraries) {
  const library = path.resolve(positional && (spec.id === '1' || libraries.length === 1) ? positional : spec.dir);
  const { rows, noMatch, queryCount } = evaluateLibrary(spec, library);
  if (libraries.length > 1) console.log(`\n## ${spec.title}: ${library}`);
  printTables(rows, noMatch, spec);
  console.log(`\n${queryCount} queries; runs in ${path.join(library, 'runs')}`);
}

function evaluateLibrary(spec, library) {
  if (!existsSync(path.join(library, 'stripped-map.json'))) {
    console.error(`Building dev library ${spec.id} in ${library} ...`);
    execFileSync(process.execPath, [spec.builder, library], { stdio: 'inherit' });
  }
  const queries = readQueries(spec.queries);
  const judgements = resolveJudgements(queries, listAudio(path.join(library, 'named')));
  const queryFile = path.join(library, 'queries.txt');
  writeFileSync(queryFile, [...judgements.keys()].join('\n') + '\n');
  mkdirSync(path.join(library, 'runs'), { recursive: true });

  const info = JSON.parse(hark(['--db', path.join(library, 'models-info.db'), 'info', '--json']));
  const models = ['label-bridge', ...(info.heads?.installed ? ['hark-heads'] : [])];
  if (!info.heads?.installed) console.error(`Trained heads not evaluated: ${info.heads?.problem ?? 'not installed'}`);
  const rows = [];
  const noMatch = [];
  const record = (variant, name, file, raw, normalise) => {
    writeFileSync(path.join(library, 'runs', file), raw.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const runs = raw.map((run) => ({
      query: run.query,
      results: run.results.map((r) => ({ ...r, path: normalise(r.path) })),
    }));
    const { all, byKind } = evaluate(runs, judgements);
    rows.push({ variant, mode: name, all, byKind });
  };
  for (const variant of ['named', 'stripped']) {
    const normalise = pathNormaliser(library, variant);
    record(variant, 'bm25 (path words)', `${variant}-bm25.jsonl`, bm25Run(library, variant, judgements), normalise);

    const db = path.join(library, `hark-${variant}.db`);
    if (args.includes('--reindex') || !existsSync(db)) hark(['--db', db, 'add', path.join(library, variant)]);
    // Incremental: only files whose analysis is missing or stale (e.g. heads installed since) are analysed.
    const started = Date.now();
    hark(['--db', db, 'index'], { stdio: ['ignore', 'pipe', 'inherit'] });
    console.error(`library ${spec.id} ${variant}: index pass in ${((Date.now() - started) / 1000).toFixed(0)} s`);
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
      const raw = search(queryFile, mode, model);
      record(
        variant,
        model ? `${mode} (${model})` : mode,
        `${variant}-${mode}${model ? `-${model}` : ''}.jsonl`,
        raw,
        normalise,
      );
      if (variant === 'stripped' && mode === 'neural') {
        const outside = search(spec.ood, mode, model);
        noMatch.push({ model, inside: raw.map((r) => r.noGoodMatch), outside: outside.map((r) => r.noGoodMatch) });
      }
    }
  }
  return { rows, noMatch, queryCount: judgements.size };
}

/** The plain baseline's run lines: BM25 over the words of each file's path relative to the variant folder. */
function bm25Run(library, variant, judgements) {
  const files = listAudio(path.join(library, variant));
  const index = bm25Index(files.map((rel) => rel.replace(/\.[^./]+$/, '')));
  return [...judgements.keys()].map((query) => ({
    query,
    results: index
      .search(query)
      .slice(0, 10)
      .map(({ index: i, score }) => ({ path: files[i], score })),
  }));
}

function printTables(rows, noMatch, spec) {
  console.log('\n| library | search | mAP@10 | R@1 | R@10 | literal mAP@10 | descriptive mAP@10 |');
  console.log('|---|---|---|---|---|---|---|');
  for (const { variant, mode, all, byKind } of rows) {
    console.log(
      `| ${variant} | ${mode} | ${f(all.map10)} | ${f(all.r1)} | ${f(all.r10)} | ${f(byKind.literal?.map10 ?? 0)} | ${f(byKind.descriptive?.map10 ?? 0)} |`,
    );
  }
  console.log('\n"No good match" on the stripped library: flagged share of dev queries (sounds it has) and of');
  console.log(`eval/${path.basename(spec.ood)} (sounds it lacks); AUROC of the signal's score between the two.`);
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
}

/** P(score of a positive > score of a negative), ties counted half. */
function auroc(positives, negatives) {
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}
