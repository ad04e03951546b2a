import { describe, expect, it } from 'vitest';
import {
  NOT_ANALYSED_NOTE,
  UNREADABLE_NOTE,
  chipWords,
  confidenceWords,
  factorSentence,
  isUnreadable,
  rankSummary,
  rankedFactors,
  rowMark,
  scoreParts,
  standingNote,
  topTags,
} from '../../../src-renderer/lib/explain';

describe('explain', () => {
  it('puts confidences into words', () => {
    expect(confidenceWords(0.95)).toBe('very likely');
    expect(confidenceWords(0.65)).toBe('likely');
    expect(confidenceWords(0.45)).toBe('possibly');
    expect(confidenceWords(0.25)).toBe('unlikely');
    expect(confidenceWords(0.05)).toBe('very unlikely');
    expect(factorSentence({ name: 'dog', confidence: 0.92, similarity: 0.412 })).toBe(
      'dog: very likely (92%), similarity 0.41',
    );
  });

  it('orders factors and tags', () => {
    expect(
      rankedFactors([
        { name: 'a', confidence: 0.2, similarity: 0 },
        { name: 'b', confidence: 0.9, similarity: 0 },
      ]).map((f) => f.name),
    ).toEqual(['b', 'a']);
    expect(rankedFactors(undefined)).toEqual([]);
    const tags = topTags(
      [
        { label: 'Dog', score: 0.9, source: 'audioset' },
        { label: 'mine', score: 1, source: 'user' },
        { label: 'Bark', score: 0.95, source: 'audioset' },
      ],
      2,
    );
    expect(tags.map((t) => t.label)).toEqual(['mine', 'Bark']);
  });

  it('summarises which searches ranked a result', () => {
    expect(rankSummary({ matchedTerms: [], tags: [], keywordRank: 3, neuralRank: 1 })).toBe('words #3 · sound #1');
    expect(rankSummary({ matchedTerms: [], tags: [] })).toBe('');
  });

  it('shows the words and sound parts of a score as they came, clamped to 0-1', () => {
    expect(scoreParts({ lexical: 0.85, neural: 0.4 })).toEqual([
      { label: 'words', value: 0.85, detail: 'words: 0.85' },
      { label: 'sound', value: 0.4, detail: 'sound: 0.40' },
    ]);
    // A part the search did not compute for this file (no model, not analysed) is left out, not drawn as zero.
    expect(scoreParts({ lexical: 0.3 })).toEqual([{ label: 'words', value: 0.3, detail: 'words: 0.30' }]);
    expect(scoreParts({ neural: 0 })).toEqual([{ label: 'sound', value: 0, detail: 'sound: 0.00' }]);
    expect(scoreParts({})).toEqual([]);
    expect(scoreParts({ lexical: 1.2, neural: Number.NaN })).toEqual([
      { label: 'words', value: 1, detail: 'words: 1.00' },
    ]);
  });

  it('says why an unreadable or not analysed file stands where it does', () => {
    expect(standingNote({ unreadable: true })).toBe('Unreadable: its audio could not be decoded');
    expect(standingNote({ notAnalysed: true })).toBe('Not analysed yet — ranked by its name and words');
    expect(standingNote({ unreadable: true, notAnalysed: true })).toBe(UNREADABLE_NOTE);
    expect(standingNote({})).toBe('');
    expect(NOT_ANALYSED_NOTE).toContain('Not analysed yet');
    expect(rowMark({ unreadable: true })).toBe('unreadable');
    expect(rowMark({ notAnalysed: true })).toBe('not analysed');
    expect(rowMark({ unreadable: false, notAnalysed: false })).toBeNull();
    expect(isUnreadable({ explanation: { unreadable: true } })).toBe(true);
    expect(isUnreadable({ explanation: {} })).toBe(false);
  });
});

describe('chipWords', () => {
  it('says how sure the tagger is, and whose tag it is', () => {
    expect(chipWords({ label: 'Dog', score: 0.823, source: 'audioset' })).toBe('Dog, 82% sure');
    expect(chipWords({ label: 'tight', score: 1, source: 'user' })).toBe('tight (your tag)');
  });
});
