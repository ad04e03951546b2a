import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HarkEvent } from '../../src-main/api/contract';
import type { Hark } from '../../src-main/app/hark';
import { writeMetadata } from '../../src-main/metadata/write';
import { ucsOnlyModelsDir } from '../helpers/models';
import { openTestCore } from '../helpers/open-core';
import { sonicPi, tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// UCS renames through the service: preview, apply and undo on real files.
describe('Hark UCS renames', () => {
  const tempDir = useTempDirs();
  let hark: Hark | null = null;
  afterEach(() => hark?.close());

  async function setUp(models: 'ucs' | 'none' = 'ucs') {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    const creak = tone(library, 'old creak.wav');
    await writeMetadata(creak, { catId: 'DOORWood' });
    sonicPi(library, 'bd_haus.flac', 'kick.flac'); // no category: no rename
    hark = await openTestCore(dir, models === 'ucs' ? ucsOnlyModelsDir(dir) : undefined);
    await hark.addRoot({ path: library });
    await hark.indexNow(false);
    const events: HarkEvent[] = [];
    hark.onEvent((event) => events.push(event));
    return { hark, library, creak, events };
  }

  it('previews without touching the disk, applies as one batch and undoes it, keeping the file id', async () => {
    const { hark, library, creak, events } = await setUp();
    const target = join(library, 'DOORWood_old creak_HARK_NONE.wav');
    const { proposals } = await hark.previewUcsRenames({ creatorId: 'HARK' });
    expect(proposals).toEqual([
      {
        fileId: expect.any(Number),
        from: creak,
        to: target,
        catId: 'DOORWood',
        catSource: 'metadata',
        confidence: 1,
        status: 'ready',
      },
    ]);
    expect(existsSync(creak)).toBe(true);
    expect(events).toEqual([]);

    const applied = await hark.applyUcsRenames({ creatorId: 'HARK', folder: library });
    expect(applied).toMatchObject({ proposals, batch: 1, failed: [] });
    expect(applied.renamed).toEqual([
      expect.objectContaining({
        batch: 1,
        fileId: proposals[0]!.fileId,
        fromPath: creak,
        toPath: target,
        undoneAt: null,
      }),
    ]);
    expect([existsSync(creak), existsSync(target)]).toEqual([false, true]);
    expect((await hark.getFile({ fileId: proposals[0]!.fileId })).path).toBe(target);
    expect(events).toEqual([{ type: 'library-changed' }]);

    const undone = await hark.undoRenames({});
    expect(undone.undone.map((record) => [record.toPath, record.fromPath])).toEqual([[target, creak]]);
    expect(undone.failed).toEqual([]);
    expect([existsSync(creak), existsSync(target)]).toEqual([true, false]);
    expect((await hark.getFile({ fileId: proposals[0]!.fileId })).path).toBe(creak);
    expect(await hark.undoRenames({})).toEqual({ undone: [], failed: [] });
  });

  it('undoes one rename by id, and says when the UCS table is missing', async () => {
    const { hark } = await setUp();
    const applied = await hark.applyUcsRenames({});
    const id = applied.renamed[0]!.id;
    expect((await hark.undoRenames({ id })).undone.map((record) => record.id)).toEqual([id]);
    expect((await hark.undoRenames({ id })).undone).toEqual([]);

    hark.close();
    const bare = await setUp('none');
    await expect(bare.hark.previewUcsRenames({})).rejects.toThrow('the UCS table is not installed');
    await expect(bare.hark.undoRenames({})).rejects.toThrow('the UCS table is not installed');
  });
});
