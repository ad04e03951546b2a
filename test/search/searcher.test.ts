import { describe, expect, it } from 'vitest';
import { float32ToBlob } from '../../src-main/store/blobs';
import type { NeuralSearch } from '../../src-main/search/neural';
import { inThreadKeywordSearcher, type KeywordSearcher } from '../../src-main/search/keyword-thread';
import { Searcher } from '../../src-main/search/searcher';
import type { KeywordAsk } from '../../src-main/store/keyword-index';
import { featureVectors } from '../../src-main/store/analysis';
import { openDatabase } from '../../src-main/store/database';
import { upsertCatalogued } from '../../src-main/store/files';
import { VectorIndex } from '../../src-main/store/vector-index';

function library() {
  const db = openDatabase(':memory:');
  db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/lib', 0)").run();
  const ids = ['train_whistle.wav', 'door.wav', 'rain.wav'].map((name) =>
    upsertCatalogued(
      db,
      {
        rootId: 1,
        path: `/lib/${name}`,
        name,
        folder: '/lib',
        ext: 'wav',
        size: 1,
        mtimeMs: 1,
        quickHash: null,
        format: 'wav',
        codec: null,
        duration: 1,
        sampleRate: 48000,
        channels: 2,
        bitDepth: 24,
        metadata: {},
      },
      1,
    ),
  );
  return { db, ids };
}

// The model is replaced by a fixed answer here: what is under test is how the search combines and reports it.
function neuralSaying(fileIds: number[], flagged: boolean): NeuralSearch {
  return {
    id: 'label-bridge',
    search: async () => ({
      hits: fileIds.map((fileId, i) => ({ fileId, score: 1 - i / 10 })),
      noGoodMatch: { flagged, calibrated: true, score: 0.99, threshold: 0.98 },
    }),
  };
}

describe('Searcher', () => {
  it("passes on the model's 'no good match' when no file holds every word", async () => {
    const { db, ids } = library();
    const searcher = new Searcher(db, { 'label-bridge': neuralSaying([ids[2]!], true) });
    const response = await searcher.search({ text: 'church bells' });
    expect(response.noGoodMatch?.flagged).toBe(true);
  });

  it('never flags a query that files match word for word', async () => {
    const { db, ids } = library();
    const searcher = new Searcher(db, { 'label-bridge': neuralSaying([ids[2]!], true) });
    const response = await searcher.search({ text: 'train whistle' });
    expect(response.hits[0]!.name).toBe('train_whistle.wav');
    expect(response.noGoodMatch?.flagged).toBe(false);
  });

  it("puts files holding every word first, then the model's picks, with filters applied to both", async () => {
    const { db, ids } = library();
    const searcher = new Searcher(db, { 'label-bridge': neuralSaying([ids[2]!, ids[1]!, ids[0]!], false) });
    const fused = await searcher.search({ text: 'door' });
    expect(fused.hits.map((hit) => hit.name)).toEqual(['door.wav', 'rain.wav', 'train_whistle.wav']);
    expect(fused.hits[0]!.explanation.matchedTerms).toEqual(['door']);
    const keywordOnly = await searcher.search({ text: 'door', mode: 'keyword' });
    expect(keywordOnly.hits.map((hit) => hit.name)).toEqual(['door.wav']);
    const filtered = await searcher.search({ text: 'door', filters: { folder: '/elsewhere' } });
    expect(filtered.hits).toEqual([]);
  });

  it('browses with filters and sort when there are no words', async () => {
    const { db } = library();
    const searcher = new Searcher(db);
    const response = await searcher.search({ text: '', sort: 'name', descending: true });
    expect(response.hits.map((hit) => hit.name)).toEqual(['train_whistle.wav', 'rain.wav', 'door.wav']);
  });

  it('keeps the factors a model computed during search when explain adds tags (the trained heads)', async () => {
    const { db, ids } = library();
    const factors = [{ name: 'Rain / Water', similarity: 0.5, confidence: 0.2 }];
    const heads: NeuralSearch = {
      id: 'hark-heads',
      search: async () => ({ hits: [{ fileId: ids[2]!, score: 1, explanation: { factors } }] }),
      explain: async (_text, fileIds) =>
        new Map(
          fileIds.map((id) => [
            id,
            { tags: [{ label: 'Rain', score: 0.9, source: 'audioset' as const }], factors: undefined },
          ]),
        ),
    };
    const hit = (await new Searcher(db, { 'hark-heads': heads }).search({ text: 'storm', model: 'hark-heads' }))
      .hits[0]!;
    expect(hit.explanation.factors).toEqual(factors);
    expect(hit.explanation.tags.map((t) => t.label)).toEqual(['Rain']);
  });

  it('answers with the label bridge when the preferred model fails, and refuses a model asked for by name that is absent', async () => {
    const { db, ids } = library();
    const broken: NeuralSearch = { id: 'hark-heads', search: async () => Promise.reject(new Error('damaged heads')) };
    const searcher = new Searcher(
      db,
      { 'label-bridge': neuralSaying([ids[1]!], false), 'hark-heads': broken },
      null,
      () => 'hark-heads',
    );
    const response = await searcher.search({ text: 'knock' });
    expect(response.used.model).toBe('label-bridge');
    expect(response.hits[0]!.name).toBe('door.wav');
    await expect(searcher.search({ text: 'knock', model: 'hark-heads' })).rejects.toThrow(/damaged heads/);
    await expect(new Searcher(db).search({ text: 'knock', model: 'hark-heads' })).rejects.toThrow(/not installed/);
  });

  it('finds more like this through the features index, with the filters applied and the hits hydrated in batch', async () => {
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/lib', 0)").run();
    // Features chosen so that the nearest to door.wav are door2, then kick, then rain (cosine).
    const files: [string, string, 'wav' | 'flac', number[]][] = [
      ['door.wav', '/lib', 'wav', [1, 0, 0]],
      ['door2.wav', '/lib/sub', 'wav', [0.9, 0.1, 0]],
      ['kick.flac', '/lib', 'flac', [0.8, 0, 0.2]],
      ['rain.flac', '/lib', 'flac', [0, 1, 0]],
      ['silent.wav', '/lib', 'wav', []],
    ];
    const id: Record<string, number> = {};
    for (const [name, folder, format, features] of files) {
      id[name] = upsertCatalogued(
        db,
        {
          rootId: 1,
          path: `${folder}/${name}`,
          name,
          folder,
          ext: format,
          size: 1,
          mtimeMs: 1,
          quickHash: null,
          format,
          codec: null,
          duration: 1,
          sampleRate: 48000,
          channels: 2,
          bitDepth: 24,
          metadata: {},
        },
        1,
      );
      if (!features.length) continue;
      db.prepare("UPDATE files SET status = 'analysed', analysed_at = 1 WHERE id = ?").run(id[name]);
      db.prepare("INSERT INTO analysis (file_id, model_id, features) VALUES (?, 'test', ?)").run(
        id[name],
        float32ToBlob(Float32Array.from(features)),
      );
    }
    const tag = db.prepare('INSERT INTO auto_tags (file_id, source, label, score) VALUES (?, ?, ?, ?)');
    tag.run(id['kick.flac'], 'ucs', 'DRUMKick', 0.7);
    tag.run(id['kick.flac'], 'audioset', 'Bass drum', 0.9);
    tag.run(id['kick.flac'], 'audioset', 'Drum', 0.6);
    const searcher = new Searcher(db, {}, null, undefined, undefined, new VectorIndex(db, featureVectors(db), null));
    const names = (response: { hits: { name: string }[] }) => response.hits.map((hit) => hit.name);

    const all = await searcher.similar({ fileId: id['door.wav']! });
    expect(all).toMatchObject({ text: 'like door.wav', total: 3, used: { keyword: false, neural: true } });
    expect(names(all)).toEqual(['door2.wav', 'kick.flac', 'rain.flac']);
    expect(all.hits[0]!.score).toBeCloseTo(0.9 / Math.hypot(0.9, 0.1), 4);
    expect(all.hits[2]!.score).toBeCloseTo(0, 4);
    const kick = all.hits[1]!;
    // What the tagger heard stands for the match; the UCS suggestion is the file's category, kept apart.
    expect(kick.explanation.tags).toEqual([
      { label: 'Bass drum', score: 0.9, source: 'audioset' },
      { label: 'Drum', score: 0.6, source: 'audioset' },
    ]);
    expect(kick.explanation.fileTags).toEqual(kick.explanation.tags);
    expect(kick.explanation.ucs).toMatchObject({ catId: 'DRUMKick', source: 'model', confidence: 0.7 });
    expect(all.hits[0]!.explanation).toMatchObject({ matchedTerms: [], tags: [] });

    expect(names(await searcher.similar({ fileId: id['door.wav']!, filters: { formats: ['flac'] } }))).toEqual([
      'kick.flac',
      'rain.flac',
    ]);
    expect(names(await searcher.similar({ fileId: id['door.wav']!, filters: { folder: '/lib/sub' } }))).toEqual([
      'door2.wav',
    ]);
    expect(names(await searcher.similar({ fileId: id['door.wav']!, limit: 1 }))).toEqual(['door2.wav']);
    // A file that was never analysed has no features to compare: nothing is like it yet.
    expect(await searcher.similar({ fileId: id['silent.wav']! })).toMatchObject({
      text: 'silent.wav',
      hits: [],
      used: { neural: false },
    });
    expect(() => searcher.similar({ fileId: 424242 })).toThrow('No file with id 424242.');
  });
});

describe('the count of a common word', () => {
  it('is the same when the keyword thread counts it after answering as when it counts first', async () => {
    const { db } = library();
    const add = (name: string) =>
      upsertCatalogued(
        db,
        {
          ...{ rootId: 1, path: `/lib/${name}`, name, folder: '/lib', ext: 'wav', size: 1, mtimeMs: 1 },
          ...{ quickHash: null, format: 'wav', codec: null, duration: 1, sampleRate: 48000, channels: 2 },
          ...{ bitDepth: 24, metadata: {} },
        },
        1,
      );
    // Past the 3,000 files the keyword search ranks in full: "glass" alone is a floor above it.
    db.transaction(() => {
      for (let i = 0; i < 3100; i++) add(`glass_clink_${i}.wav`);
      for (let i = 0; i < 40; i++) add(`breaking_twig_${i}.wav`);
      // Found through the word's stem only: counted exactly, they are beyond the floor.
      for (let i = 0; i < 20; i++) add(`glasses_${i}.wav`);
      add('glass_breaking.wav');
    })();
    const asks: KeywordAsk[] = [];
    const local = inThreadKeywordSearcher(db);
    const watched = (countFirst: boolean): KeywordSearcher => ({
      ...local,
      search: (ask) => {
        asks.push(ask);
        return local.search(countFirst ? { ...ask, countLater: false } : ask);
      },
    });
    const later = await new Searcher(db, {}, null, undefined, watched(false)).search({ text: 'glass' });
    expect(asks.map((ask) => ask.countOnly ?? false)).toEqual([false, true]);
    asks.length = 0;
    const first = await new Searcher(db, {}, null, undefined, watched(true)).search({ text: 'glass' });
    expect(asks).toHaveLength(1);
    expect(later.total).toBe(first.total);
    expect(later.total).toBe(3121); // every file holding "glass" or "glasses"
    expect(later.hits.map((hit) => hit.id)).toEqual(first.hits.map((hit) => hit.id));
  });
});
