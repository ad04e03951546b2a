import type { Explanation, NoMatchSignal, SearchModel } from '../api/contract';

export interface NeuralHit {
  fileId: number;
  score: number;
  /** The parts of an explanation only the model can give: contributing tags, factors, best segment. */
  explanation?: Partial<Pick<Explanation, 'tags' | 'factors' | 'segment'>>;
}

export interface NeuralResult {
  hits: NeuralHit[];
  noGoodMatch?: NoMatchSignal;
}

/** What the search needs of a model. The label bridge (default model) and the trained heads both provide it. */
export interface NeuralSearch {
  readonly id: SearchModel;
  /** The best `limit` analysed files for a text query, best first. */
  search(text: string, limit: number): Promise<NeuralResult>;
  /** Adds explanation detail for the few hits that will be shown (kept out of `search` to keep it fast). */
  explain?(text: string, fileIds: number[]): Promise<Map<number, NeuralHit['explanation']>>;
}

/**
 * The AUROC a model's "no good match" signal must reach on the dev set's absent-sound queries before interfaces
 * tell a person that nothing matches (issue 12): a weaker signal would hide right lists as often as wrong ones.
 */
export const NOTICE_MIN_AUROC = 0.8;
