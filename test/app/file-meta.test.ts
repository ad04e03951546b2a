import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hark } from '../../src-main/app/hark';
import { ucsOnlyModelsDir } from '../helpers/models';
import { openTestCore } from '../helpers/open-core';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// `meta get` / `meta set` through the service: by library id (HarkApi) and by path (HarkAdminApi).
describe('Hark file metadata', () => {
  const tempDir = useTempDirs();
  let hark: Hark | null = null;
  afterEach(() => hark?.close());

  async function setUp() {
    const dir = tempDir();
    const library = join(dir, 'library');
    const outside = join(dir, 'outside');
    mkdirSync(library);
    mkdirSync(outside);
    const door = tone(library, 'door.wav', { seconds: 1 });
    const loose = tone(outside, 'loose.wav');
    hark = await openTestCore(dir, ucsOnlyModelsDir(dir));
    await hark.addRoot({ path: library });
    await hark.indexNow(false);
    const doorId = (await hark.search({ text: 'door' })).hits[0]!.id;
    return { hark, dir, door, doorId, loose };
  }

  it('writes a person’s edit into a library file and reads it back with the library’s view', async () => {
    const { hark, door, doorId } = await setUp();
    const before = await hark.getMeta({ fileId: doorId });
    expect(before).toMatchObject({
      path: door,
      format: 'wav',
      codec: 'pcm-int',
      sampleRate: 44100,
      channels: 1,
      bitDepth: 16,
      metadata: {},
    });
    expect(before.library).toMatchObject({ id: doorId, status: 'catalogued', ucs: null, caption: null });

    expect(
      await hark.setMeta({ fileId: doorId, description: 'Heavy oak door', keywords: 'door; oak', catId: 'doorwood' }),
    ).toEqual({
      fileId: doorId,
      fields: ['description', 'keywords', 'catId', 'category', 'subCategory'],
      batch: 1,
    });
    const after = await hark.getMeta({ fileId: doorId });
    expect(after.metadata).toMatchObject({
      description: 'Heavy oak door',
      keywords: 'door, oak',
      catId: 'DOORWood',
      'bext.Description': 'Heavy oak door',
    });
    expect(after.library!.ucs).toMatchObject({ catId: 'DOORWood', category: 'DOORS', subCategory: 'WOOD' });
    expect(after.library!.caption).toMatchObject({
      source: 'person',
      description: 'Heavy oak door',
      keywords: ['door', 'oak'],
      catId: 'DOORWood',
    });
    expect((await hark.search({ text: 'oak' })).hits.map((hit) => hit.id)).toEqual([doorId]);
  });

  it('reads and writes any file by path, in the library or not', async () => {
    const { hark, loose } = await setUp();
    expect(await hark.writeFileMeta({ path: loose, description: 'Loose end' })).toEqual({
      fileId: null,
      fields: ['description'],
      batch: 1,
    });
    const read = await hark.readFileMeta({ path: loose });
    expect(read).toMatchObject({ path: loose, metadata: { description: 'Loose end' }, library: null });
  });

  it('refuses what it cannot do, saying why', async () => {
    const { hark, dir, doorId } = await setUp();
    await expect(hark.readFileMeta({ path: 'outside/loose.wav' })).rejects.toThrow('path must be an absolute path');
    await expect(hark.readFileMeta({ path: join(dir, 'missing.wav') })).rejects.toMatchObject({ code: 'not-found' });
    writeFileSync(join(dir, 'notes.txt'), 'not audio');
    await expect(hark.readFileMeta({ path: join(dir, 'notes.txt') })).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringMatching(/^cannot read/),
    });
    await expect(hark.setMeta({ fileId: doorId })).rejects.toThrow('nothing to set');
    await expect(hark.setMeta({ fileId: doorId, catId: 'NOTACAT' })).rejects.toThrow(
      '"NOTACAT" is neither a UCS CatID nor a category name',
    );
    await expect(hark.getMeta({ fileId: 424242 })).rejects.toMatchObject({ code: 'not-found' });
  });
});
