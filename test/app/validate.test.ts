import { describe, expect, it } from 'vitest';
import { API_METHODS, AUDIO_FORMATS, SEARCH_MODES, SORT_KEYS, THEMES, type ApiMethod } from '../../src-main/api/contract';
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

  it('takes its closed lists from the contract arrays', () => {
    for (const mode of SEARCH_MODES) expect(validateRequest('search', { text: 'x', mode })).toMatchObject({ mode });
    for (const sort of SORT_KEYS) expect(validateRequest('search', { text: 'x', sort })).toMatchObject({ sort });
    expect(validateRequest('search', { text: 'x', filters: { formats: [...AUDIO_FORMATS] } })).toMatchObject({ filters: { formats: AUDIO_FORMATS } });
    expect(() => validateRequest('search', { text: 'x', mode: 'sql' })).toThrow(`search.mode must be one of ${SEARCH_MODES.join(', ')}`);
    expect(() => validateRequest('setSettings', { theme: 'sepia' })).toThrow(`setSettings.theme must be one of ${THEMES.join(', ')}`);
    expect(() => validateRequest('similar', { fileId: 1, filters: { formats: ['exe'] } })).toThrow('similar.filters.formats[0] must be one of');
    expect(validateRequest('similar', { fileId: 1, limit: 5, filters: { folder: '/s' } })).toMatchObject({ filters: { folder: '/s' } });
  });

  it('reads own properties only: inherited names are unknown fields, inherited values are never taken', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(() => validateRequest('search', { text: 'x', [name]: 1 })).toThrow(`search.${name} is not a known field`);
    }
    // JSON.parse makes "__proto__" an own property, as a request body would.
    expect(() => validateRequest('search', JSON.parse('{"text": "x", "__proto__": {"limit": "all"}}'))).toThrow('search.__proto__ is not a known field');
    expect(() => validateRequest('search', Object.create({ text: 'inherited' }))).toThrow('search.text must be a string');
    expect(() => validateRequest('getFile', Object.create({ fileId: 1 }))).toThrow('getFile.fileId must be an integer');
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(() => validateRequest(name as ApiMethod, {})).toThrow(`No API method "${name}".`);
    }
  });
});
