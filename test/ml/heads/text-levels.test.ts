import { describe, expect, it } from 'vitest';
import { embedWordBag, textWords } from '../../../src-main/ml/heads/text-levels';

describe('text levels', () => {
  it('splits names and queries into lower-case words', () => {
    expect(textWords('door_open2.wav')).toEqual(['door', 'open', 'wav']);
    expect(textWords('PearlKick-Hard')).toEqual(['pearl', 'kick', 'hard']);
    expect(textWords('a creaky door')).toEqual(['creaky', 'door']);
  });

  it('averages the known word vectors to unit length, zero when no word is known', () => {
    const words = new Map([
      ['door', Float32Array.from([1, 0, 0])],
      ['creaky', Float32Array.from([0, 1, 0])],
    ]);
    const bag = embedWordBag('a creaky door', words, 3);
    expect(bag[0]).toBeCloseTo(Math.SQRT1_2);
    expect(bag[1]).toBeCloseTo(Math.SQRT1_2);
    expect(bag[2]).toBe(0);
    expect(Array.from(embedWordBag('thunder', words, 3))).toEqual([0, 0, 0]);
  });
});
