// Text levels of the trained heads: USE-lite's two transformer layers (each pooled over the text's tokens), its
// sentence embedding, and the text's softmax distribution over the 527 AudioSet label texts (the label bridge's
// view, computed inside the heads graph from the sentence). The encoder returns the first three from one run
// (text-encoder.ts embedWithLayers).

import type { TextLevels } from '../text/text-encoder';

/** The heads' text inputs for a query: its sentence embedding and its pooled layers. */
export async function embedQueryLevels(levels: (texts: string[]) => Promise<TextLevels[]>, query: string): Promise<TextLevels> {
  return (await levels([query]))[0]!;
}
