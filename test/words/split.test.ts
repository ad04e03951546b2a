import { describe, expect, it } from 'vitest';
import { caseParts, readingWords, splitWords } from '../../src-main/words/split';

describe('splitWords', () => {
  it('splits at separators, case changes and letter/digit boundaries, keeping the written form', () => {
    expect(splitWords('KickDrum_01-Hard')).toEqual(['KickDrum', 'Kick', 'Drum', '01', 'Hard']);
    expect(splitWords('kick808')).toEqual(['kick808', 'kick', '808']);
  });

  it('ends an acronym where the next capitalised word starts', () => {
    expect(caseParts('HTTPRequest')).toEqual(['HTTP', 'Request']);
    expect(caseParts('FOLYCloth')).toEqual(['FOLY', 'Cloth']);
    expect(caseParts('DOORWood')).toEqual(['DOOR', 'Wood']);
    expect(caseParts('ALLCAPS')).toEqual(['ALLCAPS']);
  });

  it('reads words in order without the originals, for phrases and neighbours', () => {
    expect(readingWords('Glass BottleSmash_Floor 03')).toEqual(['Glass', 'Bottle', 'Smash', 'Floor', '03']);
  });

  it('keeps letters of other scripts and accents', () => {
    expect(splitWords('café_Türe')).toEqual(['café', 'Türe']);
  });
});
