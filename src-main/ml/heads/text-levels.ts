// Text levels of the trained heads. USE-lite's TF.js graph hides its intermediate layers behind the
// @energetic-ai wrapper, so the levels are: the mean of the embeddings of the query's single words (lexical
// level), the sentence embedding (phrase level), and the query's softmax distribution over the 527 AudioSet
// label texts (concept level, the label bridge's view). The last one is computed inside the heads graph.

/** Lower-case words of 2+ letters; digits and punctuation split words ("door_open2.wav" -> door, open, wav). */
export function textWords(text: string): string[] {
  return (
    text
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .match(/[a-z]{2,}/g) ?? []
  );
}

/** Unit-length mean of the word vectors; a text with no known word gets a zero vector. */
export function embedWordBag(text: string, wordVectors: Map<string, Float32Array>, dim = 512): Float32Array {
  const out = new Float32Array(dim);
  for (const word of textWords(text)) {
    const v = wordVectors.get(word);
    if (v) for (let i = 0; i < dim; i++) out[i] += v[i]!;
  }
  const norm = Math.hypot(...out);
  if (norm > 0) for (let i = 0; i < dim; i++) out[i]! /= norm;
  return out;
}

/** The query's two text inputs for the heads: [sentence 512 ; word bag 512], from one batch [query, ...words]. */
export async function embedQueryLevels(embed: (texts: string[]) => Promise<Float32Array[]>, query: string): Promise<Float32Array> {
  const words = [...new Set(textWords(query))];
  const [sentence, ...wordVecs] = await embed([query, ...words]);
  const map = new Map(words.map((w, i) => [w, wordVecs[i]!]));
  const out = new Float32Array(1024);
  out.set(sentence!, 0);
  out.set(embedWordBag(query, map), 512);
  return out;
}
