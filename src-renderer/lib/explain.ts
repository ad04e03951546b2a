// Plain words for the explanation panel: what a confidence means, and where a match came from.
import type { Explanation, FactorExplanation, TagScore } from '../../src-main/api/contract';
import { formatPercent } from './format';

/** A confidence in [0, 1] as words a sound designer would use. */
export function confidenceWords(confidence: number): string {
  if (confidence >= 0.8) return 'very likely';
  if (confidence >= 0.6) return 'likely';
  if (confidence >= 0.4) return 'possibly';
  if (confidence >= 0.2) return 'unlikely';
  return 'very unlikely';
}

/** "footsteps: very likely (92%), similarity 0.41" as one sentence for screen readers and tooltips. */
export function factorSentence(factor: FactorExplanation): string {
  return `${factor.name}: ${confidenceWords(factor.confidence)} (${Math.round(factor.confidence * 100)}%), similarity ${factor.similarity.toFixed(2)}`;
}

/** Factors, most confident first. */
export function rankedFactors(factors: readonly FactorExplanation[] | undefined): FactorExplanation[] {
  return [...(factors ?? [])].sort((a, b) => b.confidence - a.confidence);
}

/** The best `count` tags, user tags first (they are the user's own words), then by score. */
export function topTags(tags: readonly TagScore[], count: number): TagScore[] {
  return [...tags]
    .sort((a, b) => Number(b.source === 'user') - Number(a.source === 'user') || b.score - a.score)
    .slice(0, Math.max(0, count));
}

/** A result chip in words, for its tooltip and the row's spoken label: "Dog, 82% sure" or "kick (your tag)". */
export function chipWords(tag: TagScore): string {
  return tag.source === 'user' ? `${tag.label} (your tag)` : `${tag.label}, ${formatPercent(tag.score)} sure`;
}

/** Which searches found this result, e.g. "keyword #3 · neural #1". */
export function rankSummary(explanation: Explanation): string {
  const parts: string[] = [];
  if (explanation.keywordRank !== undefined) parts.push(`words #${explanation.keywordRank}`);
  if (explanation.neuralRank !== undefined) parts.push(`sound #${explanation.neuralRank}`);
  return parts.join(' · ');
}

const SOURCE_WORDS: Record<TagScore['source'], string> = {
  audioset: 'heard by the model',
  ucs: 'UCS category model',
  user: 'your tag',
};

export function tagSourceWords(source: TagScore['source']): string {
  return SOURCE_WORDS[source];
}

export interface ScorePart {
  /** "words" (the file's name, folder and metadata) or "sound" (what the model heard). */
  label: 'words' | 'sound';
  value: number;
  /** "words: 0.85" */
  detail: string;
}

/** The lexical and neural parts of a score, as bars: only the parts the search computed for this file. */
export function scoreParts(explanation: Pick<Explanation, 'lexical' | 'neural'>): ScorePart[] {
  const parts: ScorePart[] = [];
  const add = (label: ScorePart['label'], value: number | undefined) => {
    if (value === undefined || !Number.isFinite(value)) return;
    const clamped = Math.max(0, Math.min(1, value));
    parts.push({ label, value: clamped, detail: `${label}: ${clamped.toFixed(2)}` });
  };
  add('words', explanation.lexical);
  add('sound', explanation.neural);
  return parts;
}

/** Whether the file's audio could not be decoded: it is listed last and the player never loads it. */
export function isUnreadable(hit: { explanation: Pick<Explanation, 'unreadable'> }): boolean {
  return hit.explanation.unreadable === true;
}

export const UNREADABLE_NOTE = 'Unreadable: its audio could not be decoded';
export const NOT_ANALYSED_NOTE = 'Not analysed yet — ranked by its name and words';

/** The sentence that says why a file is ranked or shown differently, or '' for an ordinary analysed file. */
export function standingNote(explanation: Pick<Explanation, 'unreadable' | 'notAnalysed'>): string {
  if (explanation.unreadable) return UNREADABLE_NOTE;
  if (explanation.notAnalysed) return NOT_ANALYSED_NOTE;
  return '';
}

/** The short mark on a result row: "unreadable", "not analysed", or null. */
export function rowMark(explanation: Pick<Explanation, 'unreadable' | 'notAnalysed'>): string | null {
  if (explanation.unreadable) return 'unreadable';
  if (explanation.notAnalysed) return 'not analysed';
  return null;
}
