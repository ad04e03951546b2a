// How often the model's UCS suggestion is right, measured on the dev-library files whose own names carry a UCS
// CatID (given by a person: eval/build-library-2.mjs's rule table), at each confidence: for choosing the
// confidence above which Hark shows, exports and renames by a suggestion (MIN_SUGGESTION_CONFIDENCE). The model
// sees only the file's tag probabilities, never its name. Usage: npx vite-node eval/ucs-precision.ts -- [--library 1|2|all]
import path from 'node:path';
import { prepareLabelBank } from '../src-main/app/models';
import { loadUcsTable } from '../src-main/metadata/ucs';
import { modelsDir } from '../src-main/ml/model-manager';
import { classToUcsMap, suggestUcs } from '../src-main/ml/text/auto-tags';
import { eachVector } from '../src-main/store/analysis';
import { openDatabase } from '../src-main/store/database';
import { ownCategory } from '../src-main/store/file-category';
import { getFileRow, readMetadata } from '../src-main/store/files';
import { chosenLibraries } from './libraries.mjs';

const THRESHOLDS = [0, 0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];

interface Judged {
  file: string;
  truth: { catId: string; category: string };
  guess: { catId: string; category: string; confidence: number } | null;
}

const dir = modelsDir();
const bank = await prepareLabelBank(dir);
const table = await loadUcsTable(path.join(dir, 'ucs'));
const toUcs = classToUcsMap(bank.audiosetUcsSimilarity, bank.ucs.length);
const judged: Judged[] = [];
for (const library of chosenLibraries(process.argv.slice(2).filter((a) => a !== '--'))) {
  const db = openDatabase(path.join(library.dir, 'hark-named.db'));
  eachVector(db, 'probs', (fileId, probs) => {
    const row = getFileRow(db, fileId);
    if (!row) return;
    const own = ownCategory(readMetadata(db, fileId), row.name, table);
    if (!own) return;
    const best = suggestUcs(probs, toUcs, bank.ucs, { limit: 1, minConfidence: 0 })[0];
    judged.push({
      file: `${library.id}:${row.name}`,
      truth: { catId: own.catId, category: own.category },
      guess: best ? { catId: best.catId, category: best.category, confidence: best.confidence } : null,
    });
  });
  db.close();
}

console.log(`${judged.length} files whose names carry a UCS CatID (tower ${bank.encoderId})`);
console.log('confidence >=  shown   CatID right   category right');
for (const t of THRESHOLDS) {
  const shown = judged.filter((j) => j.guess && j.guess.confidence >= t);
  const exact = shown.filter((j) => j.guess!.catId === j.truth.catId).length;
  const category = shown.filter((j) => j.guess!.category === j.truth.category).length;
  const share = (n: number) => (shown.length ? (n / shown.length).toFixed(3) : '  -  ');
  console.log(
    `${t.toFixed(2).padStart(13)}  ${String(shown.length).padStart(5)}   ${share(exact).padStart(11)}   ${share(category).padStart(14)}`,
  );
}
if (process.argv.includes('--list'))
  for (const j of judged.sort((a, b) => (b.guess?.confidence ?? 0) - (a.guess?.confidence ?? 0)))
    console.log(
      `${(j.guess?.confidence ?? 0).toFixed(2)} ${j.guess?.catId ?? '-'} (${j.guess?.category ?? '-'}) vs ${j.truth.catId}  ${j.file}`,
    );
process.exit(0);
