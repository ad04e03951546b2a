import type { SentenceEncoder } from '../ml/text/text-encoder';

/**
 * Sentence embeddings of the texts of the latest query, shared by the models that read them: one encoder call
 * per query (each call has a fixed cost of several milliseconds), and explanations reuse the search's vectors.
 */
export class QueryEmbeddings {
  private latest = new Map<string, Float32Array>();

  constructor(private readonly encoder: () => Promise<SentenceEncoder>) {}

  /** Embeds `texts` in one batch unless the latest call already did; keeps only this call's vectors. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    // A snapshot: another query's call may replace `latest` while this one waits for the encoder.
    const known = this.latest;
    const missing = texts.filter((text) => !known.has(text));
    const fresh = missing.length ? await (await this.encoder()).embed(missing) : [];
    const next = new Map<string, Float32Array>();
    missing.forEach((text, i) => next.set(text, fresh[i]!));
    for (const text of texts) if (!next.has(text)) next.set(text, known.get(text)!);
    this.latest = next;
    return texts.map((text) => next.get(text)!);
  }
}
