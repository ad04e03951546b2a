// Query -> ranked files with the trained heads, in three stages:
//   1. shortlist: the files whose pooled joint embedding (ea) is nearest the query's (et). The app does this once,
//      with the ANN index over the stored embeddings (search/heads-search.ts); searchWithHeads does it exactly,
//      in memory, for offline use (training/bench-serving.ts, tests);
//   2. THA + DCR/CA scoring of the shortlist (scorer.onnx), which also yields the per-factor explanation;
//   3. DiffATR: the top 32 re-ranked by softmax(stage-2 scores) + softmax(generated x0), and the generated
//      distribution's peak as the "no good match in your library" signal (below the calibrated threshold).
// rankCandidates is stages 2 and 3 over whatever shortlist it is given.

import { ddimSample, softmax } from './ddim';
import { JOINT_DIM, type EncodedAudio, type EncodedQuery, type RetrievalHeads } from './heads';

export interface FactorExplanation {
  /** Human name: the AudioSet concepts whose text loads most on this factor. */
  name: string;
  concepts: string[];
  /** cos(t_k, a_k) */
  similarity: number;
  /** w_k = MLP([t_k ; a_k]) (unnormalised) */
  confidence: number;
}

export interface HeadsHit {
  /** Row of the file in EncodedAudio. */
  index: number;
  score: number;
  /** Stage-2 (THA + DCR/CA) score, before DiffATR. */
  contrastiveScore: number;
  factors: FactorExplanation[];
}

export interface HeadsSearchResult {
  hits: HeadsHit[];
  /** True when DiffATR's generated distribution is flatter than the calibrated threshold. */
  noGoodMatch: boolean;
  /** Peak of the generated distribution over the top 32 (higher = the library has what was asked for). */
  matchConfidence: number;
}

export interface RankOptions {
  limit?: number;
  /** DDIM steps; 0 turns DiffATR off (no re-ranking, noGoodMatch false). Default: the manifest's. */
  ddimSteps?: number;
}

export interface HeadsSearchOptions extends RankOptions {
  /** Files scored by the full heads after the joint-embedding shortlist. */
  shortlist?: number;
  /**
   * Files to score whatever the shortlist says, e.g. the label bridge's top hits: the joint-embedding shortlist
   * alone lost mAP@10 on the dev set (training/README.md), since the heads lean on the bridge.
   */
  extraCandidates?: number[];
}

/** The whole library in memory: the exact joint-embedding shortlist, then rankCandidates. */
export async function searchWithHeads(
  heads: RetrievalHeads,
  query: EncodedQuery,
  audio: EncodedAudio,
  options: HeadsSearchOptions = {},
): Promise<HeadsSearchResult> {
  const shortlist = [
    ...new Set([
      ...shortlistByJointEmbedding(query.et, audio, options.shortlist ?? 300),
      ...(options.extraCandidates ?? []),
    ]),
  ];
  return rankCandidates(heads, query, audio, shortlist, options);
}

/** Stages 2 and 3 over `candidates` (rows of `audio`), every one of them scored; hits index rows of `audio`. */
export async function rankCandidates(
  heads: RetrievalHeads,
  query: EncodedQuery,
  audio: EncodedAudio,
  candidates: readonly number[],
  options: RankOptions = {},
): Promise<HeadsSearchResult> {
  const limit = options.limit ?? 50;
  const steps = options.ddimSteps ?? heads.manifest.diffatr.ddimSteps;
  const shortlist = [...candidates];
  const scored = await heads.score(query, audio, shortlist);
  const order = [...shortlist.keys()].sort((a, b) => scored.score[b]! - scored.score[a]!);
  const finalScore = new Map<number, number>(order.map((i) => [i, scored.score[i]!]));
  let noGoodMatch = false;
  let matchConfidence = 1;
  const n = Math.min(heads.manifest.diffatr.candidates, order.length);
  if (steps > 0 && n > 1) {
    const top = order.slice(0, n);
    const embeddings = new Float32Array(n * JOINT_DIM);
    top.forEach((i, c) =>
      embeddings.set(audio.ea.subarray(shortlist[i]! * JOINT_DIM, (shortlist[i]! + 1) * JOINT_DIM), c * JOINT_DIM),
    );
    const noise = heads.manifest.diffatr.noise.slice(0, n);
    const logits = await ddimSample((xt, t) => heads.denoise(xt, t, query.et, embeddings), noise, steps);
    const generated = softmax(logits);
    const contrastive = softmax(top.map((i) => scored.score[i]!));
    // Re-ranked scores live above every score outside the top n: those keep their stage-2 order below.
    const floor = Math.max(...order.slice(n).map((i) => scored.score[i]!), -Infinity);
    top.forEach((i, c) =>
      finalScore.set(i, (Number.isFinite(floor) ? floor : 0) + 1 + contrastive[c]! + generated[c]!),
    );
    matchConfidence = Math.max(...generated);
    noGoodMatch = matchConfidence < heads.manifest.diffatr.oodThreshold;
  }
  const ranked = [...order].sort((a, b) => finalScore.get(b)! - finalScore.get(a)!).slice(0, limit);
  const k = heads.factorCount;
  const hits = ranked.map((i) => ({
    index: shortlist[i]!,
    score: finalScore.get(i)!,
    contrastiveScore: scored.score[i]!,
    factors: heads.manifest.factors.map((f, j) => ({
      name: f.name,
      concepts: f.concepts,
      similarity: scored.factorSims[i * k + j]!,
      confidence: scored.factorConf[i * k + j]!,
    })),
  }));
  return { hits, noGoodMatch, matchConfidence };
}

/** Unit-length copies of the files' joint embeddings, made once per EncodedAudio (the shortlist then needs dots only). */
const unitEmbeddings = new WeakMap<EncodedAudio, Float32Array>();

function unitJoint(audio: EncodedAudio): Float32Array {
  let unit = unitEmbeddings.get(audio);
  if (!unit) {
    unit = new Float32Array(audio.ea);
    for (let f = 0; f < audio.count; f++) {
      const row = unit.subarray(f * JOINT_DIM, (f + 1) * JOINT_DIM);
      let norm = 0;
      for (let d = 0; d < JOINT_DIM; d++) norm += row[d]! * row[d]!;
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let d = 0; d < JOINT_DIM; d++) row[d]! *= inv;
    }
    unitEmbeddings.set(audio, unit);
  }
  return unit;
}

/** Indices of the `limit` files whose joint embedding is closest (cosine) to the query's, best first. */
export function shortlistByJointEmbedding(et: Float32Array, audio: EncodedAudio, limit: number): number[] {
  const unit = unitJoint(audio);
  const sims = new Float32Array(audio.count);
  for (let f = 0; f < audio.count; f++) {
    let dot = 0;
    const base = f * JOINT_DIM;
    for (let d = 0; d < JOINT_DIM; d++) dot += unit[base + d]! * et[d]!;
    sims[f] = dot;
  }
  const k = Math.min(limit, audio.count);
  if (k === 0) return [];
  // The k-th largest similarity by selection, then only the files at or above it are sorted (not all of them).
  const threshold = kthLargest(Float32Array.from(sims), k);
  const picked: number[] = [];
  for (let f = 0; f < audio.count; f++) if (sims[f]! >= threshold) picked.push(f);
  return picked.sort((a, b) => sims[b]! - sims[a]! || a - b).slice(0, k);
}

/** Quickselect (Hoare partition, in place on `values`). */
function kthLargest(values: Float32Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const tmp = values[i]!;
        values[i] = values[j]!;
        values[j] = tmp;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target]!;
}
