#!/usr/bin/env node
// Sanity check of eval/queries.tsv against a built library: every pattern must match a file, and descriptive
// queries must share no word with the names of their relevant files (else they are literal in disguise).
// Usage: node eval/check-queries.mjs [/tmp/hark-dev-library]

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { globToRegExp, readQueries, resolveJudgements } from './judgements.mjs';
import { listAudio } from './metrics.mjs';

const library = process.argv[2] ?? '/tmp/hark-dev-library';
const here = path.dirname(fileURLToPath(import.meta.url));
const queries = readQueries(path.join(here, 'queries.tsv'));
const named = listAudio(path.join(library, 'named'));
const judgements = resolveJudgements(queries, named);
const words = (s) =>
  s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1);
let problems = 0;
for (const q of queries) {
  for (const p of q.patterns) {
    if (!named.some((f) => globToRegExp(p).test(f))) {
      console.log(`no file matches "${p}" (query "${q.query}")`);
      problems++;
    }
  }
  if (q.kind === 'descriptive') {
    const nameWords = new Set([...judgements.get(q.query).relevant].flatMap((f) => words(f)));
    const shared = words(q.query).filter((w) => nameWords.has(w) && !['a', 'an', 'the', 'of', 'on', 'in'].includes(w));
    if (shared.length) {
      console.log(`descriptive query "${q.query}" shares ${shared.join(', ')} with its files' names`);
      problems++;
    }
  }
}
const kinds = queries.reduce((m, q) => ({ ...m, [q.kind]: (m[q.kind] ?? 0) + 1 }), {});
const sizes = [...judgements.values()].map((j) => j.relevant.size);
console.log(
  `${queries.length} queries ${JSON.stringify(kinds)}; relevant files per query: min ${Math.min(...sizes)}, median ${sizes.sort((a, b) => a - b)[sizes.length >> 1]}, max ${Math.max(...sizes)}; ${problems} problems`,
);
process.exit(problems ? 1 : 0);
