import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src-main/store/database';
import { getFileRowByPath, upsertCatalogued } from '../../src-main/store/files';
import { keywordSearch } from '../../src-main/store/keyword-index';
import { deleteRoot, insertRoot, insertRootAbsorbing, listRoots } from '../../src-main/store/roots';
import { wavEntry } from '../helpers/catalogue';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();

function library(): Db {
  return openDatabase(join(tempDir(), 'library.db'));
}

function addFile(db: Db, rootId: number, path: string): number {
  return upsertCatalogued(db, wavEntry(rootId, path), 1);
}

describe('library roots in the store', () => {
  it('lists roots by path with their file counts, and adding a known path again returns the same root', () => {
    const db = library();
    const b = insertRoot(db, '/sounds/b');
    const a = insertRoot(db, '/sounds/a');
    addFile(db, b.id, '/sounds/b/one.wav');
    addFile(db, b.id, '/sounds/b/two.wav');
    expect(insertRoot(db, '/sounds/b').id).toBe(b.id);
    expect(listRoots(db).map((root) => [root.id, root.path, root.fileCount])).toEqual([
      [a.id, '/sounds/a', 0],
      [b.id, '/sounds/b', 2],
    ]);
  });

  it('a root added around others takes over their files, keeping their ids, and the inner roots go', () => {
    const db = library();
    const drums = insertRoot(db, '/lib/drums');
    const foley = insertRoot(db, '/lib/foley');
    const elsewhere = insertRoot(db, '/other');
    const kick = addFile(db, drums.id, '/lib/drums/kick.wav');
    const steps = addFile(db, foley.id, '/lib/foley/steps.wav');
    const far = addFile(db, elsewhere.id, '/other/far.wav');

    const outer = insertRootAbsorbing(db, '/lib', [drums.id, foley.id]);

    expect(outer.path).toBe('/lib');
    expect(outer.fileCount).toBe(2);
    expect(listRoots(db).map((root) => root.path)).toEqual(['/lib', '/other']);
    expect(getFileRowByPath(db, '/lib/drums/kick.wav')).toMatchObject({ id: kick, root_id: outer.id });
    expect(getFileRowByPath(db, '/lib/foley/steps.wav')).toMatchObject({ id: steps, root_id: outer.id });
    expect(getFileRowByPath(db, '/other/far.wav')).toMatchObject({ id: far, root_id: elsewhere.id });
  });

  it('removing a root forgets its files and their keyword rows, and says whether there was one', () => {
    const db = library();
    const root = insertRoot(db, '/lib');
    const kept = insertRoot(db, '/kept');
    addFile(db, root.id, '/lib/kick.wav');
    const other = addFile(db, kept.id, '/kept/kick.wav');
    expect(deleteRoot(db, '/lib')).toBe(true);
    expect(deleteRoot(db, '/lib')).toBe(false);
    expect(getFileRowByPath(db, '/lib/kick.wav')).toBeUndefined();
    expect(keywordSearch(db, 'kick', null, 10).map((hit) => hit.fileId)).toEqual([other]);
  });
});
