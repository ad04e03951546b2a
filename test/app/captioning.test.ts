import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HarkEvent } from '../../src-main/api/contract';
import type { Hark } from '../../src-main/app/hark';
import { ucsOnlyModelsDir } from '../helpers/models';
import { openTestCore } from '../helpers/open-core';
import { sonicPi, tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// The service's `caption` on real files, without a model: captions say what was measured.
describe('Hark.caption', () => {
  const tempDir = useTempDirs();
  let hark: Hark | null = null;
  afterEach(() => hark?.close());

  async function setUp() {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(join(library, 'kicks'), { recursive: true });
    const door = tone(library, 'door.wav', { seconds: 1 });
    const kick = sonicPi(join(library, 'kicks'), 'bd_haus.flac', 'kick.flac');
    hark = await openTestCore(dir, ucsOnlyModelsDir(dir));
    await hark.addRoot({ path: library });
    expect((await hark.indexNow()).analysed).toBe(2);
    const events: HarkEvent[] = [];
    hark.onEvent((event) => events.push(event));
    return { hark, library, door, kick, events };
  }

  it('captions the library and answers with the captions, reporting progress as events', async () => {
    const { hark, door, kick, events } = await setUp();
    const result = await hark.caption({});
    expect(result).toMatchObject({
      files: 2,
      captioned: 2,
      upToDate: 0,
      person: 0,
      written: 0,
      failed: [],
      notWritten: [],
    });
    expect(result.captions.map((caption) => caption.path)).toEqual([door, kick]);
    const doorCaption = result.captions.find((caption) => caption.path === door)!;
    // A 1 s 440 Hz tone: a whole number of cycles, so it loops.
    expect(doorCaption).toMatchObject({
      source: 'auto',
      description: 'Short loop, dark, loud',
      measured: { loop: true },
      writtenAt: null,
    });
    expect(result.captions.find((caption) => caption.path === kick)!.description).toMatch(/^Short one-shot/);
    const progress = events.flatMap((event) => (event.type === 'caption-progress' ? [event.progress] : []));
    expect(progress.map((p) => [p.done, p.total])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(events.at(-1)).toEqual({ type: 'library-changed' });
    // The same file's details carry the caption's summary.
    expect((await hark.getFile({ fileId: doorCaption.fileId })).caption).toMatchObject({
      description: 'Short loop, dark, loud',
      loop: true,
    });
  });

  it('runs over one folder, and writes the captions into the files when asked', async () => {
    const { hark, library, kick } = await setUp();
    const folder = await hark.caption({ folder: join(library, 'kicks') });
    expect(folder).toMatchObject({ files: 1, captioned: 1 });
    expect(folder.captions.map((caption) => caption.path)).toEqual([kick]);

    const written = await hark.caption({ write: true });
    expect(written).toMatchObject({ files: 2, captioned: 1, upToDate: 1, written: 2 });
    expect(written.captions.every((caption) => caption.writtenAt !== null)).toBe(true);
    const inFile = await hark.readFileMeta({ path: kick });
    expect(inFile.metadata.description).toBe(written.captions.find((caption) => caption.path === kick)!.description);
  });

  it('refuses a folder that is not an absolute path', async () => {
    const { hark } = await setUp();
    await expect(hark.caption({ folder: 'library/kicks' })).rejects.toThrow('folder must be an absolute path');
  });
});
