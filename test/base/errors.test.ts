import { describe, expect, it } from 'vitest';
import { badRequest, errorMessage, forbidden, HarkError, notFound } from '../../src-main/base/errors';

describe('HarkError', () => {
  it('carries a stable code beside the message for people', () => {
    for (const [make, code] of [
      [badRequest, 'bad-request'],
      [notFound, 'not-found'],
      [forbidden, 'forbidden'],
    ] as const) {
      const error = make('Something about it.');
      expect(error).toBeInstanceOf(HarkError);
      expect(error).toBeInstanceOf(Error);
      expect({ name: error.name, code: error.code, message: error.message }).toEqual({
        name: 'HarkError',
        code,
        message: 'Something about it.',
      });
    }
  });

  it('gives the message of anything thrown', () => {
    expect(errorMessage(new Error('disk full'))).toBe('disk full');
    expect(errorMessage(notFound('No file with id 3.'))).toBe('No file with id 3.');
    expect(errorMessage('plain string')).toBe('plain string');
    expect(errorMessage(42)).toBe('42');
  });
});
