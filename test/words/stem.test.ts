import { describe, expect, it } from 'vitest';
import { stem } from '../../src-main/words/stem';

describe('stem', () => {
  it('brings plural and verb forms to one stem, case-insensitively', () => {
    expect(stem('Zippers')).toBe(stem('zipper'));
    expect(stem('creaking')).toBe(stem('creaks'));
    expect(stem('footsteps')).toBe(stem('footstep'));
  });

  it('leaves numbers and two-letter words alone', () => {
    expect(stem('808s')).toBe('808s');
    expect(stem('fx')).toBe('fx');
  });
});
