// Combining keyword and neural rankings.
//
// A keyword hit that contains every query word is strong evidence (a literal "kick" query should find files named
// kick, never worse than keyword search alone), so those come first, ordered among themselves with the model's
// opinion folded in. Everything else (partial keyword matches, neural-only hits) is merged by reciprocal rank fusion.

export interface Ranked {
  fileId: number;
}

export interface FusedHit {
  fileId: number;
  score: number;
  keywordRank?: number;
  neuralRank?: number;
}

const RRF_K = 60;

export function fuseRankings(strongKeyword: Ranked[], weakKeyword: Ranked[], neural: Ranked[]): FusedHit[] {
  const neuralRank = rankMap(neural);
  const keywordRank = rankMap([...strongKeyword, ...weakKeyword]);
  const rrf = (id: number, keywordWeight: number) =>
    (keywordRank.has(id) ? keywordWeight / (RRF_K + keywordRank.get(id)!) : 0) +
    (neuralRank.has(id) ? 1 / (RRF_K + neuralRank.get(id)!) : 0);

  const hit = (fileId: number, score: number): FusedHit => ({
    fileId,
    score,
    keywordRank: keywordRank.get(fileId),
    neuralRank: neuralRank.get(fileId),
  });

  // Strong keyword hits: the keyword order dominates (weight 10: a neural #1 moves up at most ~6 places).
  const strong = strongKeyword.map((item) => hit(item.fileId, rrf(item.fileId, 10)));
  strong.sort((a, b) => b.score - a.score);
  const taken = new Set(strong.map((item) => item.fileId));

  const rest = new Map<number, FusedHit>();
  for (const item of [...weakKeyword, ...neural]) {
    if (taken.has(item.fileId) || rest.has(item.fileId)) continue;
    rest.set(item.fileId, hit(item.fileId, rrf(item.fileId, 1)));
  }
  const tail = [...rest.values()].sort((a, b) => b.score - a.score);

  // Scores shown to people, in (0, 1]: relative to the best of each group; strong hits sit above the rest.
  const scale = (items: FusedHit[], low: number, high: number) =>
    items.map((item) => ({ ...item, score: low + (high - low) * (item.score / (items[0]?.score || 1)) }));
  return strong.length ? [...scale(strong, 0.5, 1), ...scale(tail, 0, 0.5)] : scale(tail, 0, 1);
}

function rankMap(list: Ranked[]): Map<number, number> {
  const ranks = new Map<number, number>();
  list.forEach((item, i) => {
    if (!ranks.has(item.fileId)) ranks.set(item.fileId, i + 1);
  });
  return ranks;
}
