// How often the model's UCS suggestion is right, measured on the dev-library files that carry a person's UCS CatID
// (in a name spelt as UCS spells it, eval/build-library-2.mjs's rule table, or in their metadata), at each
// confidence: for choosing the confidence above which Hark shows, exports and renames by a suggestion
// (MIN_SUGGESTION_CONFIDENCE). The model sees only the file's tag probabilities, never its name.
//
// Each share comes with its 95% Wilson interval, because at the confidences that matter only a handful of files
// are left. The interval takes the files as independent; they are not quite: numbered takes (…_HRK_01, _02: source
// files one rule named alike) share a CatID and often sound alike, so the "sounds" column counts the distinct
// CatID and FXName pairs behind the files.
//
// Usage: npx vite-node eval/ucs-precision.ts -- [--library 1|2|all] [--list]
import path from 'node:path';
import { prepareLabelBank } from '../src-main/app/models';
import { loadUcsTable, parseUcsName } from '../src-main/metadata/ucs';
import { modelsDir } from '../src-main/ml/model-manager';
import { classToUcsMap, suggestUcs } from '../src-main/ml/text/auto-tags';
import { eachVector } from '../src-main/store/analysis';
import { openDatabase } from '../src-main/store/database';
import { MIN_SUGGESTION_CONFIDENCE, ownCategory } from '../src-main/store/file-category';
import { getFileRow, readMetadata } from '../src-main/store/files';
import { chosenLibraries } from './libraries.mjs';
import { formatProportion, wilson } from './proportion';

const THRESHOLDS = [0, 0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];

interface Judged {
  file: string;
  /** The sound a file is a take of: the CatID and FXName of its UCS name; else the file itself. */
  sound: string;
  truth: { catId: string; category: string; source: string };
  guess: { catId: string; category: string; confidence: number } | null;
}

const dir = modelsDir();
const bank = await prepareLabelBank(dir);
const table = await loadUcsTable(path.join(dir, 'ucs'));
const toUcs = classToUcsMap(bank.audiosetUcsSimilarity, bank.ucs.length);
const judged: Judged[] = [];
let staleKeys = 0;
for (const library of chosenLibraries(process.argv.slice(2).filter((a) => a !== '--'))) {
  const db = openDatabase(path.join(library.dir, 'hark-named.db'));
  eachVector(db, 'probs', (fileId, probs) => {
    const row = getFileRow(db, fileId);
    if (!row) return;
    const metadata = readMetadata(db, fileId);
    // The truth as today's rules read the file, not the `ucs.*` keys an older catalogue recorded: those stay until
    // the file changes, and one ("wind_turbine.ogg" as WIND) predates the rule that a CatID must be spelt as UCS
    // spells it.
    const own = ownCategory(withoutRecordedUcs(metadata), row.name, table);
    if (metadata['ucs.catId'] && metadata['ucs.catId'] !== own?.catId) staleKeys++;
    if (!own) return;
    const named = parseUcsName(row.name, table);
    const best = suggestUcs(probs, toUcs, bank.ucs, { limit: 1, minConfidence: 0 })[0];
    judged.push({
      file: `${library.id}:${row.name}`,
      sound: named ? `${named.catId}_${named.fxName}` : `${library.id}:${row.path}`,
      truth: { catId: own.catId, category: own.category, source: own.source },
      guess: best ? { catId: best.catId, category: best.category, confidence: best.confidence } : null,
    });
  });
  db.close();
}

const sources = countBy(judged, (j) => j.truth.source);
console.log(
  `${judged.length} files carry a person's UCS CatID (${[...sources].map(([s, n]) => `${n} in the ${s}`).join(', ')}), ` +
    `${new Set(judged.map((j) => j.sound)).size} distinct sounds; tower ${bank.encoderId}`,
);
if (staleKeys)
  console.log(`(${staleKeys} file(s) whose recorded ucs.* keys today's rules no longer give: not counted)`);
console.log('right: k/n = share [95% Wilson interval]');
console.log('confidence >=  shown  sounds   category right              CatID right');
for (const t of THRESHOLDS) {
  const shown = judged.filter((j) => j.guess && j.guess.confidence >= t);
  const { category, catId } = precision(shown);
  console.log(
    `${t.toFixed(2).padStart(13)}  ${String(shown.length).padStart(5)}  ${String(new Set(shown.map((j) => j.sound)).size).padStart(6)}   ` +
      `${formatProportion(category).padEnd(26)}  ${formatProportion(catId)}`,
  );
}

// The chosen line, stated the way the closing note needs it: what is shown, and what silence avoids.
const line = MIN_SUGGESTION_CONFIDENCE;
const above = judged.filter((j) => j.guess && j.guess.confidence >= line);
const below = judged.filter((j) => !j.guess || j.guess.confidence < line);
const at = precision(above);
const under = precision(below);
console.log(
  `\nAt MIN_SUGGESTION_CONFIDENCE ${line}: ${above.length} of ${judged.length} files get a category ` +
    `(${new Set(above.map((j) => j.sound)).size} distinct sounds).`,
);
console.log(`  category right ${formatProportion(at.category)}; CatID right ${formatProportion(at.catId)}`);
console.log(
  `  left uncategorised: ${below.length}, whose suggestion would have been right for the category ` +
    `${formatProportion(under.category)}, the CatID ${formatProportion(under.catId)}`,
);

if (process.argv.includes('--list'))
  for (const j of judged.sort((a, b) => (b.guess?.confidence ?? 0) - (a.guess?.confidence ?? 0)))
    console.log(
      `${(j.guess?.confidence ?? 0).toFixed(2)} ${j.guess?.catId ?? '-'} (${j.guess?.category ?? '-'}) vs ${j.truth.catId}  ${j.file}`,
    );
process.exit(0);

function precision(files: readonly Judged[]) {
  return {
    category: wilson(files.filter((j) => j.guess?.category === j.truth.category).length, files.length),
    catId: wilson(files.filter((j) => j.guess?.catId === j.truth.catId).length, files.length),
  };
}

function withoutRecordedUcs(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).filter(([key]) => !key.startsWith('ucs.')));
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
