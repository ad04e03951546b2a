import { describe, expect, it } from 'vitest';
import type { SentenceEncoder } from '../../src-main/ml/text/text-encoder';
import { QueryEmbeddings } from '../../src-main/search/query-embeddings';

// A stand-in encoder: the vector of a text is its length; a call takes 10 ms a text, so calls overlap and a
// smaller batch can finish first.
function slowEncoder(calls: string[][]): SentenceEncoder {
  return {
    embed: async (texts: string[]) => {
      calls.push(['sentences only', ...texts]);
      return texts.map((text) => Float32Array.of(text.length));
    },
    embedWithLayers: async (texts: string[]) => {
      calls.push(texts);
      await new Promise((resolve) => setTimeout(resolve, 10 * texts.length));
      return texts.map((text) => ({
        sentence: Float32Array.of(text.length),
        layers: Float32Array.of(text.length, -text.length),
      }));
    },
  } as unknown as SentenceEncoder;
}

describe('QueryEmbeddings', () => {
  it('embeds only what the latest query did not, in one batch', async () => {
    const calls: string[][] = [];
    const embeddings = new QueryEmbeddings(async () => slowEncoder(calls));
    await embeddings.embed(['dog barking']);
    const vectors = await embeddings.embed(['dog barking', 'dog', 'barking']);
    expect(vectors.map((v) => v[0])).toEqual([11, 3, 7]);
    const [levels] = await embeddings.levels(['dog']);
    expect(Array.from(levels!.layers)).toEqual([3, -3]);
    expect(calls).toEqual([['dog barking'], ['dog', 'barking']]); // and none for the levels of 'dog'
  });

  it('gives every caller its vectors when queries overlap', async () => {
    const embeddings = new QueryEmbeddings(async () => slowEncoder([]));
    await embeddings.embed(['dog']);
    const [both, other] = await Promise.all([embeddings.embed(['dog bark', 'dog', 'bark']), embeddings.embed(['cat'])]);
    expect(both.map((v) => v?.[0])).toEqual([8, 3, 4]);
    expect(other.map((v) => v?.[0])).toEqual([3]);
  });

  it('runs the plain sentence encoder when no model reads the layers', async () => {
    const calls: string[][] = [];
    const embeddings = new QueryEmbeddings(async () => slowEncoder(calls), false);
    const [levels] = await embeddings.levels(['rain']);
    expect(levels!.sentence[0]).toBe(4);
    expect(levels!.layers.length).toBe(0);
    expect(calls).toEqual([['sentences only', 'rain']]);
  });
});
