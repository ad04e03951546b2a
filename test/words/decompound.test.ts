import { describe, expect, it } from 'vitest';
import { decompound, knownForm } from '../../src-main/words/decompound';
import { englishWords } from '../../src-main/words/english';

const vocabulary = englishWords();

describe('decompound against the English vocabulary', () => {
  it('splits run-together words into known words', () => {
    expect(decompound('bodyfall', vocabulary)).toEqual(['body', 'fall']);
    expect(decompound('keyjingle', vocabulary)).toEqual(['key', 'jingle']);
    expect(decompound('glassbottlesmash', vocabulary)).toEqual(['glass', 'bottle', 'smash']);
    expect(decompound('bodyfalls', vocabulary)).toEqual(['body', 'falls']);
    expect(decompound('hihat', vocabulary)).toEqual(['hi', 'hat']);
  });

  it('leaves known words, short words and unknown names whole', () => {
    expect(decompound('keyboard', vocabulary)).toEqual([]);
    expect(decompound('footsteps', vocabulary)).toEqual([]);
    expect(decompound('kenkeni', vocabulary)).toEqual([]);
    expect(decompound('door', vocabulary)).toEqual([]);
    expect(decompound('kick808', vocabulary)).toEqual([]);
  });

  it('knows plural and verb forms of its words', () => {
    expect(knownForm('smashes', vocabulary)).toBe(true);
    expect(knownForm('creaking', vocabulary)).toBe(true);
    expect(knownForm('zzqx', vocabulary)).toBe(false);
  });

  it('loads WordNet lemmas, not just the jargon list', () => {
    expect(vocabulary.size).toBeGreaterThan(50_000);
    expect(vocabulary.has('jingle') && vocabulary.has('gravel')).toBe(true);
  });
});
