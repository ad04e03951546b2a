// Keyword and model scores combined as a convex combination (Bruch, Gai & Ingber, "An Analysis of Fusion Functions
// for Hybrid Retrieval", ACM TOIS 2023): score = a * keyword + (1 - a) * model, each already 0-1 and comparable
// across queries. The weight a follows the query's lexical evidence: how much of the query the best-matching file
// holds. A literal query (some file holds every word) leans on the words; a description that no name shares is
// ranked by the model alone, so names can only ever add to it.

export interface LexicalPart {
  /** 0-1 share of the query held (lexical-score.ts `held`). */
  held: number;
  /** 0-1 keyword ranking score (lexical-score.ts `score`). */
  score: number;
}

export interface FusionCandidate {
  fileId: number;
  lexical?: LexicalPart;
  /** 0-1 model score (neuralParts); absent when the model did not rank the file. */
  neural?: number;
  /** Not analysed yet: the model cannot have an opinion, so it is ranked by its words alone. */
  notAnalysed?: boolean;
  /** Decode failed: listed after everything else. */
  unreadable?: boolean;
}

export interface FusedHit {
  fileId: number;
  score: number;
  lexical?: number;
  neural?: number;
  keywordRank?: number;
  neuralRank?: number;
  belowLine: boolean;
  notAnalysed?: boolean;
  unreadable?: boolean;
}

export interface FusionSettings {
  /** The keyword weight when some file holds the whole query. */
  maxKeywordWeight: number;
  /** How fast the keyword weight falls as the best file holds less of the query: weight = max * evidence^power. */
  evidencePower: number;
  /** Below this fused score a hit is a weaker match, listed under the line and not counted. */
  matchLine: number;
  /**
   * The model's probability mass on the query's classes (1 - its no-match score) at which it is fully confident
   * its best file is a match; below, its part shrinks in proportion.
   */
  fullStrength: number;
}

/** Tuned on the dev libraries (eval/tune-fusion.ts). */
export const DEFAULT_FUSION: FusionSettings = {
  maxKeywordWeight: 0.8,
  evidencePower: 1,
  matchLine: 0.3,
  fullStrength: 0.4,
};

/** The keyword weight for a query whose best file holds `evidence` (0-1) of it. */
export function keywordWeight(evidence: number, settings: FusionSettings = DEFAULT_FUSION): number {
  return settings.maxKeywordWeight * Math.pow(Math.min(1, Math.max(0, evidence)), settings.evidencePower);
}

/**
 * A model's raw scores as 0-1 parts: relative to its best file, times the model's confidence that the best file
 * is a match at all (so a poor query's best hit is not 1).
 */
export function neuralParts(
  hits: readonly { fileId: number; score: number }[],
  confidence: number,
): Map<number, number> {
  const best = hits[0]?.score ?? 0;
  const c = Math.min(1, Math.max(0, confidence));
  return new Map(hits.map((hit) => [hit.fileId, best > 0 ? (Math.max(0, hit.score) / best) * c : 0]));
}

/**
 * Ranks candidates. mode 'keyword' and 'neural' use one part alone. Files the model could not judge (not
 * analysed) take the median model part of the analysed files that hold words of the query: neither helped nor
 * hurt by the model. Unreadable files go last, below the line.
 */
export function fuse(
  candidates: readonly FusionCandidate[],
  mode: 'fused' | 'keyword' | 'neural',
  settings: FusionSettings = DEFAULT_FUSION,
): FusedHit[] {
  const evidence = Math.max(0, ...candidates.map((c) => c.lexical?.held ?? 0));
  const a = mode === 'keyword' ? 1 : mode === 'neural' ? 0 : keywordWeight(evidence, settings);
  const analysedParts = candidates
    .filter((c) => c.lexical && !c.notAnalysed && !c.unreadable)
    .map((c) => c.neural ?? 0)
    .sort((x, y) => x - y);
  const median = analysedParts.length ? analysedParts[Math.floor(analysedParts.length / 2)]! : 0;

  const keywordOrder = rankOf(
    candidates.filter((c) => c.lexical),
    (c) => c.lexical!.score,
  );
  const neuralOrder = rankOf(
    candidates.filter((c) => c.neural !== undefined),
    (c) => c.neural!,
  );
  const hits = candidates.map((c): FusedHit => {
    const neural = c.notAnalysed ? median : (c.neural ?? 0);
    const score = a * (c.lexical?.score ?? 0) + (1 - a) * neural;
    return {
      fileId: c.fileId,
      score: round(score),
      lexical: c.lexical ? round(c.lexical.held) : undefined,
      neural: c.neural !== undefined ? round(c.neural) : undefined,
      keywordRank: keywordOrder.get(c.fileId),
      neuralRank: neuralOrder.get(c.fileId),
      belowLine: Boolean(c.unreadable) || score < settings.matchLine,
      notAnalysed: c.notAnalysed || undefined,
      unreadable: c.unreadable || undefined,
    };
  });
  // Files that score nothing in the part being ranked are not results (a neural-only ranking of keyword hits).
  const ranked = hits.filter((h) => h.score > 0 || (mode !== 'neural' && h.lexical !== undefined));
  return ranked.sort(
    (x, y) =>
      Number(Boolean(x.unreadable)) - Number(Boolean(y.unreadable)) ||
      Number(x.belowLine) - Number(y.belowLine) ||
      y.score - x.score ||
      x.fileId - y.fileId,
  );
}

function rankOf<T extends { fileId: number }>(items: T[], key: (item: T) => number): Map<number, number> {
  const sorted = [...items].sort((x, y) => key(y) - key(x) || x.fileId - y.fileId);
  return new Map(sorted.map((item, i) => [item.fileId, i + 1]));
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
