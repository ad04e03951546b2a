import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addLibraryRoot, removeLibraryRoot, rootContaining } from '../../src-main/library/roots';
import { openDatabase, type Db } from '../../src-main/store/database';
import { getFileRowByPath, upsertCatalogued } from '../../src-main/store/files';
import { listRoots } from '../../src-main/store/roots';
import { wavEntry } from '../helpers/catalogue';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();

function setup(): { db: Db; top: string } {
  const top = realpathSync(tempDir());
  for (const folder of ['drums', 'foley', 'other']) mkdirSync(join(top, 'lib', folder), { recursive: true });
  return { db: openDatabase(join(tempDir(), 'library.db')), top };
}

function addFile(db: Db, rootId: number, path: string): number {
  return upsertCatalogued(db, wavEntry(rootId, path, { name: 'kick.wav' }), 1);
}

describe('library roots', () => {
  it('a folder around existing roots absorbs them with their files when asked to merge; a folder inside one is refused', async () => {
    const { db, top } = setup();
    const lib = join(top, 'lib');
    const drums = await addLibraryRoot(db, join(lib, 'drums'));
    const kick = addFile(db, drums.id, join(lib, 'drums', 'kick.wav'));

    await expect(addLibraryRoot(db, lib)).rejects.toMatchObject({
      code: 'bad-request',
      message: `${lib} contains the library folders ${join(lib, 'drums')}: add it with merge to take them over with their files, or remove them first.`,
    });
    await expect(addLibraryRoot(db, '/', { merge: true })).rejects.toThrow(/whole file system/);
    expect(listRoots(db)).toEqual([expect.objectContaining({ id: drums.id, fileCount: 1 })]);

    const outer = await addLibraryRoot(db, lib, { merge: true });
    expect(outer).toMatchObject({ path: lib, fileCount: 1 });
    expect(listRoots(db).map((root) => root.path)).toEqual([lib]);
    expect(getFileRowByPath(db, join(lib, 'drums', 'kick.wav'))).toMatchObject({ id: kick, root_id: outer.id });

    expect((await addLibraryRoot(db, lib)).id).toBe(outer.id);
    await expect(addLibraryRoot(db, join(lib, 'foley'))).rejects.toThrow(/already in the library, inside/);
    await expect(addLibraryRoot(db, 'relative/path')).rejects.toThrow(/absolute folder path/);
    await expect(addLibraryRoot(db, join(top, 'missing'))).rejects.toThrow(/does not exist/);
  });

  it('stores the resolved path, finds the root of a path through a link, and removes by either path', async () => {
    const { db, top } = setup();
    const link = join(top, 'link');
    symlinkSync(join(top, 'lib'), link);
    const root = await addLibraryRoot(db, link);
    expect(root.path).toBe(join(top, 'lib'));
    expect((await rootContaining(db, join(link, 'drums')))?.id).toBe(root.id);
    expect(await rootContaining(db, top)).toBeUndefined();
    expect(await removeLibraryRoot(db, link)).toBe(true);
    expect(listRoots(db)).toEqual([]);
  });
});
