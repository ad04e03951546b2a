// The plain keyword baseline of the dev evaluation, free of Hark code: the words of a relative path, a light plural
// stemmer, and BM25 over those words. The target (fused literal mAP@10 >= this + 0.05) is measured against
// it, so it stays deliberately plain: no decompounding, no thesaurus, no UCS expansion.

/**
 * Words of a path or query: split on separators, on case changes (`GlassBottle` -> glass bottle, `FOLYCloth` ->
 * foly cloth) and on letter/digit boundaries; lower-cased; one-letter words and bare numbers dropped.
 */
export function splitWords(text) {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !/^[0-9]+$/.test(w));
}

/** A light plural stemmer: -ies -> -y; -es after ss, x, z, ch, sh stripped; else a final -s (not -ss, -us, -is). */
export function stem(word) {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

export const pathTerms = (text) => splitWords(text).map(stem);

/** BM25 (k1 1.2, b 0.75) over the terms of each document; search() returns [{ index, score }] best first. */
export function bm25Index(documents, k1 = 1.2, b = 0.75) {
  const docs = documents.map((d) => {
    const tf = new Map();
    const terms = pathTerms(d);
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    return { tf, length: terms.length };
  });
  const n = docs.length;
  const avgLength = docs.reduce((s, d) => s + d.length, 0) / Math.max(1, n);
  const df = new Map();
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  return {
    search(query) {
      const terms = [...new Set(pathTerms(query))];
      const hits = [];
      docs.forEach((d, index) => {
        let score = 0;
        for (const t of terms) {
          const tf = d.tf.get(t);
          if (!tf) continue;
          const dft = df.get(t);
          const idf = Math.log(1 + (n - dft + 0.5) / (dft + 0.5));
          score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * d.length) / avgLength));
        }
        if (score > 0) hits.push({ index, score });
      });
      // Ties broken by path so that runs are reproducible.
      return hits.sort((x, y) => y.score - x.score || (documents[x.index] < documents[y.index] ? -1 : 1));
    },
  };
}
