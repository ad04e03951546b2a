// The heads' query side, as a search sees it: a query's vector for the shortlist and its AudioSet class weights
// in, the shortlisted files' stored codes ranked (THA + DCR/CA, DiffATR when the manifest asks for DDIM steps) out.

import type { StoredOutputs } from '../analysis-extension';
import type { TextLevels } from '../text/text-encoder';
import { unpackCodes } from './codes';
import { loadHeads, type EncodedQuery, type RetrievalHeads } from './heads';
import { rankCandidates } from './search';

export interface HeadsQuery {
  /** What the shortlist looks up: the nearest stored vectors (the files' joint embeddings) are the candidates. */
  readonly vector: Float32Array;
  /** The query's weights over the 527 AudioSet classes (the text head's view, as the label bridge has one). */
  readonly classes: Float32Array;
}

export interface RankedFile {
  /** Row of the file in the candidates given to `rank`. */
  row: number;
  score: number;
  /** The eight factors: each one's name, similarity of query and file, and confidence. */
  factors: { name: string; similarity: number; confidence: number }[];
}

export interface HeadsRanking {
  /** Best first. */
  hits: RankedFile[];
  /** Every candidate's AudioSet probabilities as the heads hold them (candidates x 527, row order). */
  probs: Float32Array;
}

export interface TrainedHeads {
  /** A query from the sentence encoder's output for its text (sentence and pooled layers). */
  encodeQuery(text: TextLevels): Promise<HeadsQuery>;
  /** Ranks every candidate (the stored outputs of the shortlist); at most `limit` hits. */
  rank(query: HeadsQuery, candidates: StoredOutputs, limit: number): Promise<HeadsRanking>;
  /** The match strength below which a query has no good match, calibrated in training; null when not calibrated. */
  readonly noMatchFloor: number | null;
  close(): Promise<void>;
}

interface ServedQuery extends HeadsQuery {
  readonly encoded: EncodedQuery;
}

/** Opens the heads' graphs in `dir`. Throws if they cannot be loaded. */
export async function openTrainedHeads(dir: string, threads = 1): Promise<TrainedHeads> {
  return served(await loadHeads({ dir, threads }));
}

function served(heads: RetrievalHeads): TrainedHeads {
  return {
    async encodeQuery(text) {
      const encoded = await heads.encodeQuery(text.sentence, text.layers);
      return { vector: encoded.et, classes: encoded.classes, encoded } satisfies ServedQuery;
    },
    async rank(query, candidates, limit) {
      const audio = unpackCodes(candidates);
      const rows = Array.from({ length: audio.count }, (_, row) => row);
      const result = await rankCandidates(heads, (query as ServedQuery).encoded, audio, rows, { limit });
      const hits = result.hits.map((hit) => ({
        row: hit.index,
        score: hit.score,
        factors: hit.factors.map(({ name, similarity, confidence }) => ({ name, similarity, confidence })),
      }));
      return { hits, probs: audio.probs };
    },
    noMatchFloor: heads.manifest.noMatch?.strengthFloor ?? null,
    close: () => heads.close(),
  };
}
