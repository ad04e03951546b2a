// Auto-tags for one file from its 527 AudioSet probabilities: the top AudioSet labels, and UCS category
// suggestions found by pushing the probabilities through a text-similarity map from AudioSet classes to UCS
// entries (built once from the label bank; no audio model knows UCS).

import type { AudioSetClass, UcsEntry } from './label-sources';
import { topK } from './vector-math';

export interface AudioSetTag {
  classIndex: number;
  label: string;
  probability: number;
}

export interface UcsSuggestion {
  catId: string;
  category: string;
  subCategory: string;
  /** In [0, 1]: how much of what the tagger heard points at this category. */
  confidence: number;
}

export interface TagOptions {
  limit?: number;
  /** Tags below this probability are left out. */
  minProbability?: number;
}

export function topAudioSetTags(
  probs: Float32Array,
  classes: readonly Pick<AudioSetClass, 'name'>[],
  options: TagOptions = {},
): AudioSetTag[] {
  const { limit = 5, minProbability = 0.1 } = options;
  return topK(probs, limit)
    .filter((c) => probs[c]! >= minProbability)
    .map((c) => ({ classIndex: c, label: classes[c]?.name ?? String(c), probability: probs[c]! }));
}

/**
 * numClasses x numUcs: how strongly each AudioSet class points at each UCS entry, from text similarity alone:
 * exp((cos - best cos of the class) / temperature), so the closest entry gets 1 and entries nearly as close get
 * nearly 1. Not a softmax: UCS has near-duplicate entries (EXPLOSIONS REAL / DESIGNED / MISC) that a softmax
 * would split a class's vote between, letting a lesser class with one clear entry win ("Burst, pop" -> FIRE BURST).
 * classUcsSimilarity is LabelBank.audiosetUcsSimilarity.
 */
export function classToUcsMap(classUcsSimilarity: Float32Array, numUcs: number, temperature = 0.02): Float32Array {
  const out = new Float32Array(classUcsSimilarity.length);
  for (let c = 0; c < classUcsSimilarity.length / numUcs; c++) {
    const row = classUcsSimilarity.subarray(c * numUcs, (c + 1) * numUcs);
    let best = -Infinity;
    for (const s of row) if (s > best) best = s;
    for (let u = 0; u < numUcs; u++) out[c * numUcs + u] = Math.exp((row[u]! - best) / temperature);
  }
  return out;
}

/**
 * confidence_u = sum_c p_c * map[c,u] / max(1, sum_c p_c): a probability-weighted vote of the classes heard.
 * Dividing by at least 1 keeps a file where little is heard at low confidence instead of normalising it up.
 */
export function suggestUcs(
  probs: Float32Array,
  classToUcs: Float32Array,
  entries: readonly UcsEntry[],
  options: { limit?: number; minConfidence?: number } = {},
): UcsSuggestion[] {
  const { limit = 3, minConfidence = 0.05 } = options;
  const numUcs = entries.length;
  const votes = new Float64Array(numUcs);
  let heard = 0;
  for (let c = 0; c < probs.length; c++) {
    const p = probs[c]!;
    heard += p;
    // Faint classes add noise spread over many entries; they cannot change the top suggestions much.
    if (p < 0.01) continue;
    const row = c * numUcs;
    for (let u = 0; u < numUcs; u++) votes[u]! += p * classToUcs[row + u]!;
  }
  const scale = 1 / Math.max(1, heard);
  return topK(votes, limit)
    .map((u) => ({ u, confidence: votes[u]! * scale }))
    .filter((s) => s.confidence >= minConfidence)
    .map(({ u, confidence }) => {
      const e = entries[u]!;
      return { catId: e.catId, category: e.category, subCategory: e.subCategory, confidence };
    });
}
