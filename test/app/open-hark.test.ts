import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hark } from '../../src-main/app/hark';
import { openHark } from '../../src-main/app/open-hark';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

describe('openHark', () => {
  const tempDir = useTempDirs();
  let hark: Hark | null = null;
  const saved = process.env.HARK_MODELS_DIR;
  afterEach(() => {
    hark?.close();
    hark = null;
    if (saved === undefined) delete process.env.HARK_MODELS_DIR;
    else process.env.HARK_MODELS_DIR = saved;
  });

  async function libraryWithUcsName(modelsDir: string | null) {
    const dir = tempDir();
    const root = join(dir, 'library');
    mkdirSync(root);
    tone(root, 'DOORWood_Slam_JD_LIB.wav');
    if (modelsDir) process.env.HARK_MODELS_DIR = modelsDir;
    else delete process.env.HARK_MODELS_DIR;
    hark = await openHark({ dbPath: join(dir, 'library.db'), workers: 0, keywordOnly: true });
    await hark.addRoot({ path: root });
    await hark.indexNow(false);
    return { hark, dir };
  }

  it('opens the given library with the installed models and the UCS table', async () => {
    const { hark, dir } = await libraryWithUcsName(null); // the checkout's models/
    const info = await hark.getInfo();
    expect(info).toMatchObject({
      dbPath: join(dir, 'library.db'),
      files: 1,
      model: { id: 'efficientat-mn04-as', installed: true },
    });
    const file = (await hark.search({ text: '' })).hits[0]!;
    expect(file.explanation.ucs).toMatchObject({ catId: 'DOORWood', category: 'DOORS', source: 'filename' });
  });

  it('goes on without the UCS table: UCS names are then just names', async () => {
    const empty = join(tempDir(), 'empty-models');
    mkdirSync(empty);
    const { hark } = await libraryWithUcsName(empty);
    expect((await hark.getInfo()).model).toMatchObject({ installed: false, problem: expect.stringContaining(empty) });
    const file = (await hark.search({ text: '' })).hits[0]!;
    expect(file.name).toBe('DOORWood_Slam_JD_LIB.wav');
    expect(file.explanation.ucs).toBeUndefined();
  });
});
