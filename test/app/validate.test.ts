import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../../src-main/api/contract';
import { isApiMethod, validateRequest } from '../../src-main/app/validate';

describe('validateRequest', () => {
  it('accepts well-formed requests for every method', () => {
    expect(validateRequest('search', { text: 'kick', limit: 5, filters: { formats: ['wav'], minDuration: 0.1 } })).toMatchObject({ text: 'kick' });
    expect(validateRequest('listRoots', undefined)).toEqual({});
    expect(validateRequest('addToCollection', { id: 1, fileIds: [1, 2] })).toEqual({ id: 1, fileIds: [1, 2] });
  });

  it('refuses wrong types, unknown fields and bad enums with a message naming the field', () => {
    expect(() => validateRequest('search', { text: 3 })).toThrow('search.text must be a string');
    expect(() => validateRequest('search', { text: 'x', evil: true })).toThrow('search.evil is not a known field');
    expect(() => validateRequest('search', { text: 'x', mode: 'sql' })).toThrow(/search.mode must be one of/);
    expect(() => validateRequest('getFile', { fileId: 1.5 })).toThrow('getFile.fileId must be an integer');
    expect(() => validateRequest('setUserTags', { fileId: 1, tags: 'a' })).toThrow('setUserTags.tags must be a list');
    expect(() => validateRequest('addRoot', [])).toThrow('addRoot must be an object');
  });

  it('knows exactly the contract methods', () => {
    for (const method of API_METHODS) expect(isApiMethod(method)).toBe(true);
    expect(isApiMethod('constructor')).toBe(false);
    expect(isApiMethod('close')).toBe(false);
  });
});
