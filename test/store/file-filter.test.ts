import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SearchFilters } from '../../src-main/api/contract';
import { saveAnalysis } from '../../src-main/store/analysis';
import { addToCollection, createCollection } from '../../src-main/store/collections';
import { openDatabase, type Db } from '../../src-main/store/database';
import { allowedFileIds, browseFileIds } from '../../src-main/store/file-filter';
import { setFavourite, upsertCatalogued, type CatalogueEntry } from '../../src-main/store/files';
import { insertRoot } from '../../src-main/store/roots';
import { setUserTags } from '../../src-main/store/tags';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();

type Sound = Pick<CatalogueEntry, 'format' | 'duration' | 'sampleRate' | 'channels' | 'mtimeMs'> & {
  metadata?: Record<string, string>;
};

/** Five files under /lib (one in a folder whose name only starts like another's, one with LIKE's wildcards). */
function library(): { db: Db; ids: Record<string, number> } {
  const db = openDatabase(join(tempDir(), 'library.db'));
  const rootId = insertRoot(db, '/lib').id;
  const sounds: Record<string, Sound> = {
    '/lib/drums/Kick.wav': { format: 'wav', duration: 0.5, sampleRate: 44100, channels: 1, mtimeMs: 30 },
    '/lib/drums/deep/snare.flac': { format: 'flac', duration: 2, sampleRate: 48000, channels: 2, mtimeMs: 10 },
    '/lib/drumsets/hat.wav': { format: 'wav', duration: 1, sampleRate: 96000, channels: 2, mtimeMs: 20 },
    '/lib/foley/Steps.mp3': {
      format: 'mp3',
      duration: 12,
      sampleRate: 44100,
      channels: 2,
      mtimeMs: 50,
      metadata: { 'ucs.catId': 'FOOTStep' },
    },
    '/lib/50%_off/door.ogg': { format: 'ogg', duration: null, sampleRate: null, channels: null, mtimeMs: 40 },
  };
  const ids: Record<string, number> = {};
  for (const [path, sound] of Object.entries(sounds)) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    ids[name] = upsertCatalogued(
      db,
      {
        rootId,
        path,
        name,
        folder: path.slice(0, path.lastIndexOf('/')),
        ext: name.split('.').pop()!,
        size: 1,
        quickHash: null,
        codec: null,
        bitDepth: null,
        ...sound,
        metadata: sound.metadata ?? {},
      },
      1,
    );
  }
  return { db, ids };
}

describe('file filters', () => {
  it('lets everything pass when no filter is set', () => {
    const { db } = library();
    expect(allowedFileIds(db, undefined)).toBeNull();
    expect(allowedFileIds(db, {})).toBeNull();
    expect(allowedFileIds(db, { formats: [], tags: [] })).toBeNull();
  });

  it('applies each filter, and all of them together', () => {
    const { db, ids } = library();
    setUserTags(db, ids['Kick.wav']!, ['Punchy']);
    saveAnalysis(db, ids['hat.wav']!, {
      analysisKey: 'k',
      modelId: null,
      duration: null,
      probs: null,
      features: null,
      peaks: new Uint8Array(0),
      peaksRate: 0,
      windows: [],
      autoTags: [
        { source: 'audioset', label: 'Hi-hat', score: 0.8 },
        { source: 'ucs', label: 'DRMCymb', score: 0.7 },
      ],
    });
    setFavourite(db, ids['door.ogg']!, true);
    const collection = createCollection(db, 'picks');
    addToCollection(db, collection.id, [ids['snare.flac']!, ids['Steps.mp3']!]);

    const names = (filters: SearchFilters) => {
      const allowed = allowedFileIds(db, filters)!;
      return Object.keys(ids)
        .filter((name) => allowed.has(ids[name]!))
        .sort();
    };
    expect(names({ folder: '/lib/drums' })).toEqual(['Kick.wav', 'snare.flac']);
    expect(names({ folder: '/lib/50%_off' })).toEqual(['door.ogg']);
    expect(names({ folder: '/lib/d%' })).toEqual([]);
    expect(names({ formats: ['wav', 'ogg'] })).toEqual(['Kick.wav', 'door.ogg', 'hat.wav']);
    expect(names({ minDuration: 1 })).toEqual(['Steps.mp3', 'hat.wav', 'snare.flac']);
    expect(names({ maxDuration: 1 })).toEqual(['Kick.wav', 'hat.wav']);
    expect(names({ sampleRates: [48000, 96000] })).toEqual(['hat.wav', 'snare.flac']);
    expect(names({ channels: [1] })).toEqual(['Kick.wav']);
    expect(names({ tags: ['punchy'] })).toEqual(['Kick.wav']);
    expect(names({ tags: ['hi-hat'] })).toEqual(['hat.wav']);
    expect(names({ tags: ['punchy', 'hi-hat'] })).toEqual([]);
    expect(names({ ucsCategory: 'footstep' })).toEqual(['Steps.mp3']);
    expect(names({ ucsCategory: 'DRMCymb' })).toEqual(['hat.wav']);
    expect(names({ favouritesOnly: true })).toEqual(['door.ogg']);
    expect(names({ collectionId: collection.id })).toEqual(['Steps.mp3', 'snare.flac']);
    expect(names({ collectionId: collection.id, formats: ['flac'], minDuration: 1 })).toEqual(['snare.flac']);
  });

  it('browses the passing files in the order asked for, ties broken by id, up to the limit', () => {
    const { db, ids } = library();
    const browse = (
      filters: SearchFilters | undefined,
      sort: Parameters<typeof browseFileIds>[2],
      descending = false,
      limit = 10,
    ) =>
      browseFileIds(db, filters, sort, descending, limit).map((id) =>
        Object.keys(ids).find((name) => ids[name] === id),
      );
    expect(browse(undefined, 'name')).toEqual(['door.ogg', 'hat.wav', 'Kick.wav', 'snare.flac', 'Steps.mp3']);
    expect(browse(undefined, 'relevance', true)).toEqual([
      'Steps.mp3',
      'snare.flac',
      'Kick.wav',
      'hat.wav',
      'door.ogg',
    ]);
    expect(browse(undefined, 'duration')).toEqual(['door.ogg', 'Kick.wav', 'hat.wav', 'snare.flac', 'Steps.mp3']);
    expect(browse(undefined, 'modified', true, 2)).toEqual(['Steps.mp3', 'door.ogg']);
    expect(browse({ formats: ['wav', 'flac'] }, 'folder')).toEqual(['Kick.wav', 'snare.flac', 'hat.wav']);
  });
});
