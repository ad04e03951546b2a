// Text levels of the trained heads. USE-lite's TF.js graph hides its intermediate layers behind the
// @energetic-ai wrapper, so the levels are: the mean of the embeddings of the query's single words (lexical
// level), the sentence embedding (phrase level), and the query's softmax distribution over the 527 AudioSet
// label texts (concept level, the label bridge's view). The last one is computed inside the heads graph.

import { textWords } from '../text/words';

export { textWords };

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

/**
 * The query's two text inputs for the heads: [sentence 512 ; word bag 512]. Words `known` has (the word bank) are
 * taken from it; the sentence and the other words are embedded in one batch.
 */
export async function embedQueryLevels(
  embed: (texts: string[]) => Promise<Float32Array[]>,
  query: string,
  known: (word: string) => Float32Array | undefined = () => undefined,
): Promise<Float32Array> {
  const words = [...new Set(textWords(query))];
  const unknown = words.filter((word) => !known(word));
  const [sentence, ...fresh] = await embed([query, ...unknown]);
  const map = new Map(unknown.map((w, i) => [w, fresh[i]!]));
  for (const word of words) if (!map.has(word)) map.set(word, known(word)!);
  const out = new Float32Array(1024);
  out.set(sentence!, 0);
  out.set(embedWordBag(query, map), 512);
  return out;
}
