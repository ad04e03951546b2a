// A stand-in for the lead's FTS5 keyword search, for the dev evaluation only: BM25 (k1 1.2, b 0.75) over the
// words of each file's relative path (folders + name), with a crude plural fold. The real keyword search
// replaces it; it is here so that neural and fused results can be compared with something keyword-shaped.

export function pathWords(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 1)
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

export interface KeywordIndex {
  search(query: string): Array<{ index: number; score: number }>;
}

export function buildKeywordIndex(documents: string[], k1 = 1.2, b = 0.75): KeywordIndex {
  const docs = documents.map(pathWords);
  const avgLen = docs.reduce((s, d) => s + d.length, 0) / Math.max(1, docs.length);
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1);
  const n = docs.length;
  return {
    search(query) {
      const terms = [...new Set(pathWords(query))];
      const hits: Array<{ index: number; score: number }> = [];
      docs.forEach((d, index) => {
        let score = 0;
        for (const t of terms) {
          const tf = d.filter((w) => w === t).length;
          if (!tf) continue;
          const idf = Math.log(1 + (n - df.get(t)! + 0.5) / (df.get(t)! + 0.5));
          score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * d.length) / avgLen));
        }
        if (score > 0) hits.push({ index, score });
      });
      return hits.sort((x, y) => y.score - x.score);
    },
  };
}
