import { describe, expect, it } from 'vitest';
import type { NeuralSearch } from '../../src-main/search/neural';
import { Searcher } from '../../src-main/search/searcher';
import { openDatabase } from '../../src-main/store/database';
import { upsertCatalogued } from '../../src-main/store/files';

function library() {
  const db = openDatabase(':memory:');
  db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/lib', 0)").run();
  const ids = ['train_whistle.wav', 'door.wav', 'rain.wav'].map((name) =>
    upsertCatalogued(db, {
      rootId: 1, path: `/lib/${name}`, name, folder: '/lib', ext: 'wav', size: 1, mtimeMs: 1, quickHash: null,
      format: 'wav', codec: null, duration: 1, sampleRate: 48000, channels: 2, bitDepth: 24, metadata: {},
    }, 1),
  );
  return { db, ids };
}

// The model is replaced by a fixed answer here: what is under test is how the search combines and reports it.
function neuralSaying(fileIds: number[], flagged: boolean): NeuralSearch {
  return {
    id: 'label-bridge',
    search: async () => ({ hits: fileIds.map((fileId, i) => ({ fileId, score: 1 - i / 10 })), noGoodMatch: { flagged, score: 0.99, threshold: 0.98 } }),
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
      explain: async (_text, fileIds) => new Map(fileIds.map((id) => [id, { tags: [{ label: 'Rain', score: 0.9, source: 'audioset' as const }], factors: undefined }])),
    };
    const hit = (await new Searcher(db, { 'hark-heads': heads }).search({ text: 'storm', model: 'hark-heads' })).hits[0]!;
    expect(hit.explanation.factors).toEqual(factors);
    expect(hit.explanation.tags.map((t) => t.label)).toEqual(['Rain']);
  });

  it('answers with the label bridge when the preferred model fails, and refuses a model asked for by name that is absent', async () => {
    const { db, ids } = library();
    const broken: NeuralSearch = { id: 'hark-heads', search: async () => Promise.reject(new Error('damaged heads')) };
    const searcher = new Searcher(db, { 'label-bridge': neuralSaying([ids[1]!], false), 'hark-heads': broken }, null, () => 'hark-heads');
    const response = await searcher.search({ text: 'knock' });
    expect(response.used.model).toBe('label-bridge');
    expect(response.hits[0]!.name).toBe('door.wav');
    await expect(searcher.search({ text: 'knock', model: 'hark-heads' })).rejects.toThrow(/damaged heads/);
    await expect(new Searcher(db).search({ text: 'knock', model: 'hark-heads' })).rejects.toThrow(/not installed/);
  });
});
