import { describe, expect, it } from 'vitest';
import { highlightPieces, queryWords } from '../../../src-renderer/lib/highlight';

describe('highlightPieces', () => {
  it('marks every case-insensitive occurrence and keeps the original text', () => {
    const pieces = highlightPieces('Metal_Door_Slam_metal.wav', ['metal', 'door']);
    expect(pieces).toEqual([
      { text: 'Metal', match: true },
      { text: '_', match: false },
      { text: 'Door', match: true },
      { text: '_Slam_', match: false },
      { text: 'metal', match: true },
      { text: '.wav', match: false },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe('Metal_Door_Slam_metal.wav');
  });

  it('prefers the longer term where terms overlap, and escapes regex characters', () => {
    expect(highlightPieces('doorbell', ['door', 'doorbell'])).toEqual([{ text: 'doorbell', match: true }]);
    expect(highlightPieces('a (b) c', ['(b)'])).toEqual([
      { text: 'a ', match: false },
      { text: '(b)', match: true },
      { text: ' c', match: false },
    ]);
  });

  it('returns the text unmarked without terms', () => {
    expect(highlightPieces('kick', [])).toEqual([{ text: 'kick', match: false }]);
    expect(highlightPieces('kick', ['  '])).toEqual([{ text: 'kick', match: false }]);
    expect(highlightPieces('', ['x'])).toEqual([]);
  });
});

describe('queryWords', () => {
  it('splits on anything but letters and digits and drops one-letter words', () => {
    expect(queryWords('Dog bark, a 2nd-floor café')).toEqual(['dog', 'bark', '2nd', 'floor', 'café']);
  });
});
