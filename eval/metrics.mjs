#!/usr/bin/env node
// Retrieval metrics for a run file: one JSON line per query, {"query": ..., "results": [{"path", "score"}]}
// (what `hark search --queries FILE --json` prints). Prints mAP@10, R@1 and R@10, overall and per query kind.
//   mAP@10: mean over queries of AP@10 = sum_{k<=10} P@k * rel_k / min(#relevant, 10)
//   R@1, R@10: share of queries with at least one relevant file in the top 1 / top 10
// Usage: node eval/metrics.mjs RUN.jsonl [--library /tmp/hark-dev-library] [--variant named|stripped]
//        [--queries eval/queries.tsv]

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathNormaliser, readQueries, resolveJudgements } from './judgements.mjs';

/** AP@k of one ranked list; `relevant` flags the ranked results in order. */
export function averagePrecisionAt(relevantFlags, numRelevant, k = 10) {
  if (numRelevant === 0) return 0;
  let hits = 0;
  let sum = 0;
  for (let i = 0; i < Math.min(k, relevantFlags.length); i++) {
    if (relevantFlags[i]) {
      hits++;
      sum += hits / (i + 1);
    }
  }
  return sum / Math.min(numRelevant, k);
}

/**
 * runs: [{ query, results: [{ path }] }] with paths already named-relative; judgements: Map query -> { kind,
 * relevant: Set }. Queries without a run line count as zero. Returns { all, byKind: { kind: metrics } }.
 */
export function evaluate(runs, judgements, k = 10) {
  const byQuery = new Map(runs.map((r) => [r.query, r]));
  const rows = [];
  for (const [query, { kind, relevant }] of judgements) {
    const results = byQuery.get(query)?.results ?? [];
    const flags = results.slice(0, k).map((r) => relevant.has(r.path));
    rows.push({
      query,
      kind,
      ap: averagePrecisionAt(flags, relevant.size, k),
      r1: flags[0] ? 1 : 0,
      r10: flags.some(Boolean) ? 1 : 0,
    });
  }
  const summarise = (list) => ({
    queries: list.length,
    map10: mean(list.map((r) => r.ap)),
    r1: mean(list.map((r) => r.r1)),
    r10: mean(list.map((r) => r.r10)),
  });
  const byKind = {};
  for (const kind of new Set(rows.map((r) => r.kind))) byKind[kind] = summarise(rows.filter((r) => r.kind === kind));
  return { all: summarise(rows), byKind, rows };
}

function mean(values) {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

export function listAudio(dir, base = dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listAudio(full, base));
    else if (/\.(wav|ogg|flac|mp3)$/i.test(name)) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

function main() {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const runFile = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
  if (!runFile) throw new Error('usage: node eval/metrics.mjs RUN.jsonl [--library DIR] [--variant named|stripped]');
  const library = opt('library', '/tmp/hark-dev-library');
  const variant = opt('variant', 'named');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const queries = readQueries(opt('queries', path.join(here, 'queries.tsv')));
  const judgements = resolveJudgements(queries, listAudio(path.join(library, 'named')));
  const normalise = pathNormaliser(library, variant);
  const runs = readFileSync(runFile, 'utf-8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .map((r) => ({ query: r.query, results: r.results.map((x) => ({ ...x, path: normalise(x.path) })) }));
  const { all, byKind } = evaluate(runs, judgements);
  const fmt = (m) =>
    `mAP@10 ${m.map10.toFixed(3)}  R@1 ${m.r1.toFixed(3)}  R@10 ${m.r10.toFixed(3)}  (${m.queries} queries)`;
  console.log(`all          ${fmt(all)}`);
  for (const [kind, m] of Object.entries(byKind)) console.log(`${kind.padEnd(12)} ${fmt(m)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
