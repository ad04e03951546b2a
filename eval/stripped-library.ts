// One names-stripped dev library opened for the label-bridge experiments (ceiling.ts, try-*.ts,
// training/dump-bridge.ts): the app's label bridge with the internals those scripts read, the files' tag
// probabilities in row order, and each query's relevant files as rows of that matrix. Plus the AP@10 they score by.
import path from 'node:path';
import { openHark } from '../src-main/app/open-hark';
import type { Hark } from '../src-main/app/hark';
import type { LabelBank } from '../src-main/ml/text/label-bank';
import { topK } from '../src-main/ml/text/vector-math';
import { classMajorPriors, toClassMajor } from '../src-main/search/label-bridge/class-major';
import type { BridgeSearch } from '../src-main/search/label-bridge/neural-search';
import type { LibraryScorer } from '../src-main/search/label-bridge/library-scorer';
import type { Searcher } from '../src-main/search/searcher';
import { loadMatrix } from '../src-main/store/analysis';
import type { Db } from '../src-main/store/database';
import type { ProbabilityMatrix } from '../src-main/store/matrix';
import type { DevLibrary } from './libraries.mjs';
import { pathNormaliser, readQueries, resolveJudgements } from './judgements.mjs';
import { averagePrecisionAt, listAudio } from './metrics.mjs';

export const K = 10;

/** What the experiments read inside the app's label bridge (not part of its API). */
export interface BridgeInternals {
  ready(): LibraryScorer;
  embed(text: string): Promise<Float32Array>;
  db: Db;
  bank: LabelBank;
}

export interface StrippedLibrary {
  hark: Hark;
  bridge: BridgeSearch;
  internals: BridgeInternals;
  /** N x 527 row-major, rows in file id order (`fileIds`). */
  probs: ProbabilityMatrix;
  rowOfFileId: Map<number, number>;
  queries: { query: string; kind: string; relevant: Set<number> }[];
}

export function bridgeOf(hark: Hark): BridgeSearch {
  const searcher = (hark as unknown as { searcher: Searcher }).searcher;
  const bridge = (searcher as unknown as { models: Record<string, BridgeSearch> }).models['label-bridge'];
  if (!bridge) throw new Error('no label bridge: are the models installed?');
  return bridge;
}

export async function openStrippedLibrary(spec: DevLibrary): Promise<StrippedLibrary> {
  const judgements = resolveJudgements(readQueries(spec.queries), listAudio(path.join(spec.dir, 'named'))) as Map<
    string,
    { kind: string; relevant: Set<string> }
  >;
  const hark = await openHark({ dbPath: path.join(spec.dir, 'hark-stripped.db') });
  const bridge = bridgeOf(hark);
  const internals = bridge as unknown as BridgeInternals;
  const probs = loadMatrix(internals.db, 'probs');
  const normalise = pathNormaliser(spec.dir, 'stripped');
  const rowOfKey = new Map<string, number>();
  const rowOfFileId = new Map<number, number>();
  for (let i = 0; i < probs.fileIds.length; i++) {
    rowOfKey.set(normalise((await hark.getFile({ fileId: probs.fileIds[i]! })).path), i);
    rowOfFileId.set(probs.fileIds[i]!, i);
  }
  const queries = [...judgements].map(([query, { kind, relevant }]) => ({
    query,
    kind,
    relevant: new Set([...relevant].flatMap((key) => rowOfKey.get(key) ?? [])),
  }));
  return { hark, bridge, internals, probs, rowOfFileId, queries };
}

/** AP@10 of a ranking of rows (metrics.mjs's averagePrecisionAt). */
export function apAt(ranked: number[], relevant: Set<number>): number {
  return averagePrecisionAt(
    ranked.slice(0, K).map((row) => relevant.has(row)),
    relevant.size,
    K,
  );
}

/** Row indices of the K highest scores, best first. */
export const topRows = (scores: ArrayLike<number>): number[] => topK(scores, K);

/** mAP@10 of per-query APs, overall and per kind, keyed "<library> all|literal|descriptive". */
export function meanByKind(library: string, aps: { kind: string; ap: number }[]): Record<string, number> {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const of = (kind: string) => mean(aps.filter((a) => a.kind === kind).map((a) => a.ap));
  return {
    [`${library} all`]: mean(aps.map((a) => a.ap)),
    [`${library} literal`]: of('literal'),
    [`${library} descriptive`]: of('descriptive'),
  };
}

/** A markdown row: the mean of both libraries' mAP@10, then library 1 and 2 by kind. */
export function tableRow(name: string, r: Record<string, number>): string {
  const f = (x: number | undefined) => (x ?? 0).toFixed(3);
  const mean = ((r['1 all'] ?? 0) + (r['2 all'] ?? 0)) / 2;
  return `| ${name} | ${f(mean)} | ${f(r['1 literal'])} | ${f(r['1 descriptive'])} | ${f(r['2 literal'])} | ${f(r['2 descriptive'])} |`;
}

export const bothLibrariesMean = (r: Record<string, number>) => ((r['1 all'] ?? 0) + (r['2 all'] ?? 0)) / 2;

/** Equal-length vectors as one row-major matrix. */
export function stackRows(rows: Float32Array[]): Float32Array {
  const matrix = new Float32Array(rows.length * (rows[0]?.length ?? 0));
  rows.forEach((row, i) => matrix.set(row, i * row.length));
  return matrix;
}

/** The bridge's priors (each class's mean probability over the library, floored), as the app takes them. */
export function libraryPriors(probs: ProbabilityMatrix, floor: number): Float32Array {
  return classMajorPriors(toClassMajor(probs.values, probs.width), floor);
}

/** Every file's sum_c w_c value(i, c) over the classes with weight (value: the scaled probability of row i). */
export function weightedScores(
  weights: Float32Array,
  files: number,
  value: (row: number, c: number) => number,
): Float32Array {
  const scores = new Float32Array(files);
  for (let c = 0; c < weights.length; c++) {
    if (weights[c]! < 1e-5) continue;
    for (let i = 0; i < files; i++) scores[i]! += weights[c]! * value(i, c);
  }
  return scores;
}

/** The variants' table, best mean first. */
export function printTable(firstColumn: string, results: Map<string, Record<string, number>>): void {
  console.log(`| ${firstColumn} | mean | lib 1 literal | lib 1 descr. | lib 2 literal | lib 2 descr. |`);
  console.log('|---|---|---|---|---|---|');
  for (const [key, r] of [...results].sort((a, b) => bothLibrariesMean(b[1]) - bothLibrariesMean(a[1])))
    console.log(tableRow(key, r));
}
