import { describe, expect, it } from 'vitest';
import type { EncodedAudio, EncodedQuery, HeadsManifest, RetrievalHeads } from '../../../src-main/ml/heads/heads';
import { rankCandidates, searchWithHeads, shortlistByJointEmbedding } from '../../../src-main/ml/heads/search';

const DIM = 512;

/** A library whose joint embedding of file f points along axis f; probs and codes are unused by the stub. */
function library(count: number): EncodedAudio {
  const ea = new Float32Array(count * DIM);
  for (let f = 0; f < count; f++) ea[f * DIM + f] = 1;
  return { count, ea, za: new Float32Array(count * 6 * 256), probs: new Float32Array(count * 527) };
}

function queryAlong(axes: Record<number, number>): EncodedQuery {
  const et = new Float32Array(DIM);
  for (const [axis, value] of Object.entries(axes)) et[Number(axis)] = value;
  return { et, zt: new Float32Array(3 * 256), classes: new Float32Array(527) };
}

/** Stub heads: score = the file's joint-embedding dot with the query; the denoiser prefers candidate `favourite`. */
function stubHeads(favouriteFile: number | null, threshold: number): RetrievalHeads {
  const manifest = {
    factors: [
      { name: 'Drum', concepts: ['Drum'] },
      { name: 'Water', concepts: ['Water'] },
    ],
    diffatr: {
      candidates: 32,
      ddimSteps: 1,
      timesteps: 1000,
      noise: new Array(32).fill(0),
      oodThreshold: threshold,
      oodAurocValidation: 0.5,
    },
  } as unknown as HeadsManifest;
  return {
    manifest,
    factorCount: 2,
    encodeAudio: async () => {
      throw new Error('unused');
    },
    encodeQuery: async () => {
      throw new Error('unused');
    },
    async score(query, audio, indices) {
      const score = Float32Array.from(indices.map((f) => query.et[f]!));
      return {
        score,
        factorSims: new Float32Array(indices.length * 2).fill(0.5),
        factorConf: new Float32Array(indices.length * 2).fill(1),
        pairSims: new Float32Array(0),
      };
    },
    async denoise(_xt, _t, _q, candidates) {
      // The candidate rows are joint embeddings: find the favourite's axis among them.
      const n = candidates.length / DIM;
      return Float32Array.from({ length: n }, (_, c) =>
        favouriteFile !== null && candidates[c * DIM + favouriteFile] === 1 ? 10 : 0,
      );
    },
    close: async () => {},
  };
}

describe('heads search pipeline', () => {
  it('shortlists the files whose joint embedding is closest to the query', () => {
    expect(shortlistByJointEmbedding(queryAlong({ 3: 1, 7: 0.5 }).et, library(10), 2)).toEqual([3, 7]);
  });

  it('re-ranks the top candidates with the generated distribution and explains every hit', async () => {
    const audio = library(40);
    const query = queryAlong({ 0: 0.9, 1: 0.8, 2: 0.7 });
    const plain = await searchWithHeads(stubHeads(2, 0.01), query, audio, { limit: 3, ddimSteps: 0 });
    expect(plain.hits.map((h) => h.index)).toEqual([0, 1, 2]);
    const reranked = await searchWithHeads(stubHeads(2, 0.01), query, audio, { limit: 3 });
    expect(reranked.hits[0]!.index).toBe(2);
    expect(reranked.hits[0]!.factors.map((f) => f.name)).toEqual(['Drum', 'Water']);
    expect(reranked.noGoodMatch).toBe(false);
  });

  it('says "no good match" when the generated distribution is flatter than the threshold', async () => {
    const result = await searchWithHeads(stubHeads(null, 0.5), queryAlong({ 0: 1 }), library(40), { limit: 3 });
    expect(result.matchConfidence).toBeCloseTo(1 / 32);
    expect(result.noGoodMatch).toBe(true);
  });

  it('scores extra candidates the shortlist would miss', async () => {
    const result = await searchWithHeads(stubHeads(null, 0), queryAlong({ 0: 1 }), library(40), {
      shortlist: 1,
      extraCandidates: [5],
      ddimSteps: 0,
    });
    expect(result.hits.map((h) => h.index).sort()).toEqual([0, 5]);
  });

  it('ranks exactly the candidates it is given, with no shortlist of its own (the app shortlists once, by ANN)', async () => {
    const heads = stubHeads(null, 0);
    const scored: number[][] = [];
    const score = heads.score.bind(heads);
    heads.score = async (query, audio, indices) => {
      scored.push([...indices]);
      return score(query, audio, indices);
    };
    // File 7 is nearest the query; the candidates leave it out, and it stays out.
    const result = await rankCandidates(heads, queryAlong({ 7: 1, 2: 0.5, 9: 0.25 }), library(40), [9, 2, 30], {
      limit: 2,
      ddimSteps: 0,
    });
    expect(scored).toEqual([[9, 2, 30]]);
    expect(result.hits.map((h) => h.index)).toEqual([2, 9]);
  });
});
