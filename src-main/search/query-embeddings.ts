import type { SentenceEncoder, TextLevels } from '../ml/text/text-encoder';

/**
 * The sentence encoder's output for the texts of the latest query, shared by the models that read it: one encoder
 * run per query (each has a fixed cost of several milliseconds), and explanations reuse the search's vectors.
 * With `withLayers` (the trained heads are installed) every run also returns the encoder's pooled layers, which
 * the heads read (~1 ms more a query); without, `levels` gives the sentence and empty layers.
 */
export class QueryEmbeddings {
  private latest = new Map<string, TextLevels>();

  constructor(
    private readonly encoder: () => Promise<SentenceEncoder>,
    private readonly withLayers = true,
  ) {}

  /** Sentence embeddings of `texts`. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    return (await this.levels(texts)).map((levels) => levels.sentence);
  }

  /** Sentence and layers of `texts`, in one run unless the latest call already had them; keeps only this call's. */
  async levels(texts: string[]): Promise<TextLevels[]> {
    // A snapshot: another query's call may replace `latest` while this one waits for the encoder.
    const known = this.latest;
    const missing = texts.filter((text) => !known.has(text));
    const fresh = missing.length ? await this.run(missing) : [];
    const next = new Map<string, TextLevels>();
    missing.forEach((text, i) => next.set(text, fresh[i]!));
    for (const text of texts) if (!next.has(text)) next.set(text, known.get(text)!);
    this.latest = next;
    return texts.map((text) => next.get(text)!);
  }

  private async run(texts: string[]): Promise<TextLevels[]> {
    const encoder = await this.encoder();
    if (this.withLayers) return encoder.embedWithLayers(texts);
    return (await encoder.embed(texts)).map((sentence) => ({ sentence, layers: new Float32Array(0) }));
  }
}
