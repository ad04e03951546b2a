import { describe, expect, it } from 'vitest';
import { parseKeywordQuery } from '../../src-main/search/keyword-query';
import { openDatabase, type Db } from '../../src-main/store/database';
import { upsertCatalogued, type CatalogueEntry } from '../../src-main/store/files';
import { keywordSearch, searchableWords } from '../../src-main/store/keyword-index';
import { setUserTags } from '../../src-main/store/tags';

function library(): { db: Db; add: (path: string, metadata?: Record<string, string>) => number } {
  const db = openDatabase(':memory:');
  db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/lib', 0)").run();
  const add = (path: string, metadata: Record<string, string> = {}) => {
    const name = path.split('/').pop()!;
    const entry: CatalogueEntry = {
      rootId: 1,
      path,
      name,
      folder: path.slice(0, path.lastIndexOf('/')),
      ext: 'wav',
      size: 10,
      mtimeMs: 1,
      quickHash: null,
      format: 'wav',
      codec: null,
      duration: 1,
      sampleRate: 44100,
      channels: 1,
      bitDepth: 16,
      metadata,
    };
    return upsertCatalogued(db, entry, 1);
  };
  return { db, add };
}

const names = (db: Db, text: string) => {
  const q = parseKeywordQuery(text);
  return keywordSearch(db, q.match, q.exclude, 50).map(
    (hit) => db.prepare('SELECT name FROM files WHERE id = ?').pluck().get(hit.fileId) as string,
  );
};

describe('keyword index', () => {
  it('splits library-style names into words', () => {
    expect(searchableWords('KickDrum_01-Hard')).toBe('KickDrum 01 Hard Kick Drum');
  });

  it('supports AND, OR, NOT, phrases and prefixes over names, folders and metadata', () => {
    const { db, add } = library();
    add('/lib/drums/KickDrum_01.wav');
    add('/lib/drums/Kick_808.wav');
    add('/lib/drums/Snare_Hard.wav');
    add('/lib/foley/steps.wav', { description: 'wet footsteps on gravel, slow' });
    add('/lib/foley/door.wav', { description: 'gravel crunch under a door' });

    expect(names(db, 'kick').sort()).toEqual(['KickDrum_01.wav', 'Kick_808.wav']);
    expect(names(db, 'kick -808')).toEqual(['KickDrum_01.wav']);
    expect(names(db, 'kick OR snare').length).toBe(3);
    expect(names(db, 'drums snare')).toEqual(['Snare_Hard.wav']);
    expect(names(db, '"footsteps on gravel"')).toEqual(['steps.wav']);
    expect(names(db, 'gravel').sort()).toEqual(['door.wav', 'steps.wav']);
    expect(names(db, 'foot*')).toEqual(['steps.wav']);
    expect(names(db, '-kick -snare').sort()).toEqual(['door.wav', 'steps.wav']);
  });

  it('ranks a name match above a folder match', () => {
    const { db, add } = library();
    add('/lib/kick/other.wav');
    add('/lib/misc/kick.wav');
    expect(names(db, 'kick')[0]).toBe('kick.wav');
  });

  it('finds user tags once set, and forgets removed ones', () => {
    const { db, add } = library();
    const id = add('/lib/x.wav');
    setUserTags(db, id, ['spooky', ' favourite take ']);
    expect(names(db, 'spooky')).toEqual(['x.wav']);
    setUserTags(db, id, []);
    expect(names(db, 'spooky')).toEqual([]);
  });
});
