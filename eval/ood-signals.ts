// Compares candidate "no good match" signals on both names-stripped dev libraries, two ways:
// - written: the in-library queries against eval/ood-queries*.txt (sounds the library lacks). Those lists differ in
//   style (the absent ones read like AudioSet class names), so a signal blind to the library can score well here;
// - removed: each in-library query on the library as it is, and again on the library without its relevant files.
//   Same words both times, so only what the signal reads from the library can tell them apart.
// Each signal's AUROC (absent should score higher). For choosing the signal on the dev set only.
// Usage: node_modules/.bin/node node_modules/.bin/vite-node eval/ood-signals.ts
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { openHark } from '../src-main/app/open-hark';
import type { Hark } from '../src-main/app/hark';
import type { BridgeSearch } from '../src-main/search/label-bridge/neural-search';
import type { LibraryScorer } from '../src-main/search/label-bridge/library-scorer';
import type { Searcher } from '../src-main/search/searcher';
import { loadMatrix } from '../src-main/store/analysis';
import type { Db } from '../src-main/store/database';
import type { LabelBank } from '../src-main/ml/text/label-bank';
import { similarities } from '../src-main/ml/text/vector-math';
import { pathNormaliser, readQueries, resolveJudgements } from './judgements.mjs';
import { listAudio } from './metrics.mjs';
import { chosenLibraries } from './libraries.mjs';

function bridgeOf(hark: Hark): BridgeSearch {
  const searcher = (hark as unknown as { searcher: Searcher }).searcher;
  return (searcher as unknown as { models: Record<string, BridgeSearch> }).models['label-bridge']!;
}

function auroc(inside: number[], outside: number[]): number {
  let wins = 0;
  for (const o of outside) for (const i of inside) wins += o > i ? 1 : o === i ? 0.5 : 0;
  return wins / (inside.length * outside.length);
}

type Signals = Record<string, number>;

for (const spec of chosenLibraries(['--library', 'all'])) {
  const judgements = resolveJudgements(readQueries(spec.queries), listAudio(path.join(spec.dir, 'named'))) as Map<
    string,
    { relevant: Set<string> }
  >;
  const queries = [...judgements.keys()];
  const ood = readFileSync(spec.ood, 'utf-8').split('\n').filter(Boolean);
  const hark = await openHark({ dbPath: path.join(spec.dir, 'hark-stripped.db') });
  const bridge = bridgeOf(hark);
  const internals = bridge as unknown as {
    ready(): LibraryScorer;
    embed(t: string): Promise<Float32Array>;
    db: Db;
    bank: LabelBank;
  };
  const scorer = internals.ready();
  const bank = internals.bank;
  const matrix = loadMatrix(internals.db, 'probs');
  const C = bank.audioset.length;
  const N = matrix.values.length / C;
  const normalise = pathNormaliser(spec.dir, 'stripped');
  const keyOfRow: string[] = [];
  for (const id of matrix.fileIds) keyOfRow.push(normalise((await hark.getFile({ fileId: id })).path));

  const signalsOf = async (text: string, without: Set<string> = new Set()): Promise<Signals> => {
    const kept = keyOfRow.flatMap((key, i) => (without.has(key) ? [] : [i]));
    const colMax = new Float32Array(C);
    const colMean = new Float32Array(C);
    for (const i of kept)
      for (let c = 0; c < C; c++) {
        const p = matrix.values[i * C + c]!;
        if (p > colMax[c]!) colMax[c] = p;
        colMean[c]! += p / kept.length;
      }
    const e = await internals.embed(text);
    const w = scorer.weights(e);
    const s = similarities(e, bank.audiosetEmbeddings, bank.dim);
    let top = 0;
    for (let c = 1; c < C; c++) if (w[c]! > w[top]!) top = c;
    let cos = -1;
    for (const v of s) cos = Math.max(cos, v);
    let presence = 0;
    let meanPresence = 0;
    for (let c = 0; c < C; c++) {
      presence += w[c]! * colMax[c]!;
      meanPresence += w[c]! * colMean[c]!;
    }
    // The scorer's rows are the columns' rows: map each kept matrix row to its file's row there.
    const rowOf = (bridge as unknown as { columns: { rowOf: Map<number, number> } }).columns.rowOf;
    const strength = scorer.matchStrength(
      w,
      kept.map((i) => rowOf.get(matrix.fileIds[i]!)!),
    );
    return {
      'current: 1 - strength': 1 - strength,
      'label cosine': cos,
      '1 - presence (sum w max p)': 1 - presence,
      'cos * (1 - presence)': cos * (1 - presence),
      '1 - top class max p': 1 - colMax[top]!,
      'cos * (1 - top max p)': cos * (1 - colMax[top]!),
      'top weight * (1 - top max p)': w[top]! * (1 - colMax[top]!),
      'mean/max presence ratio': meanPresence / Math.max(1e-6, presence),
      '-log presence': -Math.log(Math.max(1e-6, presence)),
    };
  };
  const inside: Signals[] = [];
  const removed: Signals[] = [];
  for (const q of queries) {
    inside.push(await signalsOf(q));
    removed.push(await signalsOf(q, judgements.get(q)!.relevant));
  }
  const outside: Signals[] = [];
  for (const q of ood) outside.push(await signalsOf(q));
  console.log(
    `library ${spec.id}: ${queries.length} in-library queries, ${ood.length} absent-sound queries, ${N} files`,
  );
  console.log(`  ${'signal'.padEnd(32)} written  removed`);
  const of = (xs: Signals[], name: string) => xs.map((x) => x[name]!);
  for (const name of Object.keys(inside[0]!))
    console.log(
      `  ${name.padEnd(32)} ${auroc(of(inside, name), of(outside, name)).toFixed(3)}    ${auroc(
        of(inside, name),
        of(removed, name),
      ).toFixed(3)}`,
    );
  hark.close();
}
