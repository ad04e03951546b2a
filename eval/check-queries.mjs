#!/usr/bin/env node
// Sanity check of a dev library's queries against the built library: every pattern must match a file, and
// descriptive queries must share no word with the paths of their relevant files (else they are literal in disguise).
// "Share" is strict: the same word after the plural stemmer, a query word inside a run-together path word
// (`body` in `bodyfall`), a path word inside a query word (`floor` in `floorboards`, `walk` in `walking`), and the
// category and subcategory words of a UCS CatID in the path (`DOORWood` shares `door` and `wood`).
// Usage: node eval/check-queries.mjs [--library 1|2] [LIBRARY_DIR]   (default: library 1, as before)

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { globToRegExp, readQueries, resolveJudgements } from './judgements.mjs';
import { LIBRARIES } from './libraries.mjs';
import { listAudio } from './metrics.mjs';
import { splitWords, stem } from './path-words.mjs';

const args = process.argv.slice(2);
const which = args.includes('--library') ? args[args.indexOf('--library') + 1] : '1';
const spec = LIBRARIES[which];
if (!spec) throw new Error(`--library must be 1 or 2 (got ${which})`);
const library = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--library') ?? spec.dir;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const queries = readQueries(spec.queries);
const named = listAudio(path.join(library, 'named'));
const judgements = resolveJudgements(queries, named);

const STOP = new Set(['a', 'an', 'the', 'of', 'on', 'in', 'at', 'to', 'by', 'and', 'with', 'from', 'for', 'into']);
const ucsFile = path.join(root, 'models/ucs/en.json');
const ucs = existsSync(ucsFile) ? JSON.parse(readFileSync(ucsFile, 'utf-8')) : [];
if (!ucs.length) console.log(`(no ${ucsFile}: UCS CatIDs in paths are not expanded; run npm run fetch-models)`);
const catIds = new Map(ucs.map((e) => [e.CatID, `${e.Category} ${e.SubCategory}`]));

/** Words of a path, with the category and subcategory words of any UCS CatID that opens a name or folder. */
function pathWordsOf(file) {
  const words = splitWords(file.replace(/\.[^./]+$/, ''));
  for (const part of file.split(/[/_ ]/)) if (catIds.has(part)) words.push(...splitWords(catIds.get(part)));
  return words;
}

function shares(queryWord, pathWord) {
  const q = stem(queryWord);
  const p = stem(pathWord);
  if (q === p) return true;
  if (q.length >= 4 && p.includes(q)) return true;
  if (p.length >= 4 && queryWord.includes(p)) return true;
  return p.length === 3 && queryWord.startsWith(p);
}

let problems = 0;
for (const q of queries) {
  for (const p of q.patterns) {
    if (!named.some((f) => globToRegExp(p).test(f))) {
      console.log(`no file matches "${p}" (query "${q.query}")`);
      problems++;
    }
  }
  if (q.kind === 'descriptive') {
    const nameWords = new Set([...judgements.get(q.query).relevant].flatMap(pathWordsOf));
    const shared = splitWords(q.query).filter((w) => !STOP.has(w) && [...nameWords].some((n) => shares(w, n)));
    if (shared.length) {
      const withWhat = shared.map((w) => `${w} (${[...nameWords].filter((n) => shares(w, n)).join('/')})`);
      console.log(`descriptive query "${q.query}" shares ${withWhat.join(', ')} with its files' paths`);
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
