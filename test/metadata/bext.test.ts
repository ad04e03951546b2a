import { describe, expect, it } from 'vitest';
import { BEXT_FIXED_SIZE, parseBext, withBextDescription } from '../../src-main/metadata/bext';
import { bextPayload } from './helpers/fixtures';

describe('bext', () => {
  it('withBextDescription keeps every byte but the Description field', () => {
    const before = bextPayload({
      description: 'a much longer old description',
      originator: 'Me',
      version: 2,
      loudness: [-23, 1, 2, 3, 4],
      codingHistory: 'A=PCM\r\n',
    });
    const after = withBextDescription(before, 'new');
    expect(after.length).toBe(before.length);
    expect(after.subarray(256).equals(before.subarray(256))).toBe(true);
    expect(parseBext(after)['bext.Description']).toBe('new');
  });

  it('makes a version 1 chunk when there was none (no loudness claimed)', () => {
    const made = withBextDescription(null, 'fresh');
    expect(made.length).toBe(BEXT_FIXED_SIZE);
    const parsed = parseBext(made);
    expect(parsed['bext.Version']).toBe('1');
    expect(parsed['bext.Description']).toBe('fresh');
    expect(Object.keys(parsed).some((k) => k.includes('Loudness'))).toBe(false);
  });

  it('reads short (non-conforming) chunks and Latin-1 text', () => {
    const short = Buffer.alloc(100);
    short.write('Caf\xe9 noise', 0, 'latin1');
    expect(parseBext(short)['bext.Description']).toBe('Café noise');
  });
});
