import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/store/database';
import {
  duplicateCandidates,
  saveAudioHash,
  storedAudioHashes,
  type DuplicateCandidate,
} from '../../src-main/store/duplicates';
import { deleteFiles, upsertCatalogued, type CatalogueEntry } from '../../src-main/store/files';
import { insertRoot } from '../../src-main/store/roots';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();

function entry(rootId: number, path: string, change: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return {
    rootId,
    path,
    name: path.slice(path.lastIndexOf('/') + 1),
    folder: path.slice(0, path.lastIndexOf('/')),
    ext: 'wav',
    size: 1000,
    mtimeMs: 5,
    quickHash: 'quick-' + path,
    format: 'wav',
    codec: 'pcm-int',
    duration: 1.5,
    sampleRate: 48000,
    channels: 2,
    bitDepth: 24,
    metadata: {},
    ...change,
  };
}

function library() {
  const db = openDatabase(join(tempDir(), 'library.db'));
  const rootId = insertRoot(db, '/lib').id;
  const a = upsertCatalogued(db, entry(rootId, '/lib/pack/a.wav'), 1);
  const b = upsertCatalogued(db, entry(rootId, '/lib/pack_b/b.wav'), 1);
  const candidate = (id: number) => duplicateCandidates(db, null).find((file) => file.id === id)!;
  return { db, rootId, a, b, candidate };
}

describe('duplicate detection store', () => {
  it('keeps a file hash only while the file keeps its size, mtime and quick hash', () => {
    const { db, rootId, a, b, candidate } = library();
    saveAudioHash(db, candidate(a), { hash: 'h-a', error: null });
    saveAudioHash(db, candidate(b), { hash: null, error: 'truncated FLAC frame' });
    expect(storedAudioHashes(db, [a, b])).toEqual(
      new Map([
        [a, { hash: 'h-a', error: null }],
        [b, { hash: null, error: 'truncated FLAC frame' }],
      ]),
    );
    // The file changed on disk (re-catalogued with a new mtime): its hash no longer counts.
    upsertCatalogued(db, entry(rootId, '/lib/pack/a.wav', { mtimeMs: 6 }), 2);
    expect([...storedAudioHashes(db, [a, b]).keys()]).toEqual([b]);
    upsertCatalogued(db, entry(rootId, '/lib/pack_b/b.wav', { quickHash: 'other' }), 2);
    expect(storedAudioHashes(db, [a, b]).size).toBe(0);
  });

  it('forgets the hash with the file', () => {
    const { db, a, candidate } = library();
    saveAudioHash(db, candidate(a), { hash: 'h-a', error: null });
    deleteFiles(db, [a]);
    expect(db.prepare('SELECT COUNT(*) FROM audio_hashes').pluck().get()).toBe(0);
  });

  it('lists the files under a folder only, not those of a folder that merely starts alike', () => {
    const { db } = library();
    const names = (folder: string | null) =>
      duplicateCandidates(db, folder).map((file: DuplicateCandidate) => file.name);
    expect(names(null)).toEqual(['a.wav', 'b.wav']);
    expect(names('/lib/pack')).toEqual(['a.wav']);
    expect(names('/lib/pack/')).toEqual(['a.wav']);
    expect(duplicateCandidates(db, '/lib')[0]).toMatchObject({
      sampleRate: 48000,
      hasFeatures: false,
      loudnessLufs: null,
    });
  });
});
