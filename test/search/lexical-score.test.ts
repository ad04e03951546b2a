// Lexical scoring end to end: real keyword rows (store), the query parser, lexical scoring and fusion, through the
// Searcher's keyword mode: each tokenisation rule and the failure shapes of issue 11.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadUcsTable } from '../../src-main/metadata/ucs';
import type { NeuralSearch } from '../../src-main/search/neural';
import { Searcher } from '../../src-main/search/searcher';
import { openDatabase } from '../../src-main/store/database';
import { markFailed, upsertCatalogued } from '../../src-main/store/files';
import { useLexicon } from '../../src-main/store/keyword-index';
import { createLexicon } from '../../src-main/words/lexicon';
import { wavEntry } from '../helpers/catalogue';

const ucs = await loadUcsTable(join(import.meta.dirname, '../../models/ucs'));

function library(paths: string[]) {
  const db = openDatabase(':memory:');
  useLexicon(db, createLexicon(ucs));
  db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/lib', 0)").run();
  const ids = new Map(paths.map((path) => [path.split('/').pop()!, upsertCatalogued(db, wavEntry(1, path), 1)]));
  const searcher = new Searcher(db, {}, ucs);
  const search = async (text: string, mode: 'keyword' | 'fused' = 'keyword') =>
    (await searcher.search({ text, mode, limit: 50 })).hits.map((hit) => hit.name);
  return { db, ids, searcher, search };
}

const NOISE = ['/lib/misc/Thunder_Roll.wav', '/lib/misc/Rain_Heavy_02.wav', '/lib/misc/Crowd_Cheer.wav'];

describe('keyword ranking', () => {
  it('finds a plural query in a singular name (stemming)', async () => {
    const { search } = library(['/lib/foley/Zipper_03.wav', ...NOISE]);
    expect(await search('zippers')).toEqual(['Zipper_03.wav']);
  });

  it('finds split words in a run-together name and joined words in a split name (decompounding)', async () => {
    const { search } = library(['/lib/foley/Bodyfall_02.wav', '/lib/foley/keyjingle1.ogg', '/lib/Key_Jingle.wav']);
    expect(await search('body fall')).toEqual(['Bodyfall_02.wav']);
    expect((await search('key jingle')).sort()).toEqual(['Key_Jingle.wav', 'keyjingle1.ogg']);
    expect(await search('keyjingle')).toEqual(['keyjingle1.ogg', 'Key_Jingle.wav']);
  });

  it('splits acronyms from the words after them', async () => {
    const { search } = library(['/lib/HTTPRequest_Beep.wav', '/lib/misc/Request.wav', ...NOISE]);
    expect(await search('http request')).toEqual(['HTTPRequest_Beep.wav', 'Request.wav']);
  });

  it('finds a UCS CatID by its category and subcategory words', async () => {
    const { search } = library(['/lib/DOORWood_Creak Slow_Hark_01.wav', '/lib/FOLYClth_Rustle_01.wav', ...NOISE]);
    expect(await search('wooden door')).toEqual(['DOORWood_Creak Slow_Hark_01.wav']);
    expect(await search('foley cloth')).toEqual(['FOLYClth_Rustle_01.wav']);
  });

  it('widens a word through the thesaurus, below the word itself', async () => {
    const { search } = library(['/lib/Car_Pass_01.wav', '/lib/Sedan_Pass_01.wav', ...NOISE]);
    // "sedan" is a UCS synonym of VEHICLES / CAR: the file named sedan first, the car next.
    expect(await search('sedan pass')).toEqual(['Sedan_Pass_01.wav', 'Car_Pass_01.wav']);
  });

  it('ranks a file holding more of the words higher, all of them first', async () => {
    const { search } = library([
      '/lib/misc/BottleSmash_Floor.wav',
      '/lib/misc/Glass_Clink.wav',
      '/lib/Floor_Creak.wav',
      '/lib/glass/GlassBottle_Smash_Floor_02.wav',
      ...NOISE,
    ]);
    const ranked = await search('glass bottle smash floor');
    expect(ranked[0]).toBe('GlassBottle_Smash_Floor_02.wav');
    expect(ranked[1]).toBe('BottleSmash_Floor.wav');
    expect(ranked.slice(2).sort()).toEqual(['Floor_Creak.wav', 'Glass_Clink.wav']);
  });

  it('counts an exact word above a stem or a part', async () => {
    const { search } = library(['/lib/Footsteps_Gravel.wav', '/lib/Footstep_Gravel.wav']);
    expect(await search('footsteps gravel')).toEqual(['Footsteps_Gravel.wav', 'Footstep_Gravel.wav']);
    expect(await search('footstep gravel')).toEqual(['Footstep_Gravel.wav', 'Footsteps_Gravel.wav']);
  });

  it('keeps the exact meaning of OR, -word, phrases and prefixes', async () => {
    const { search } = library(['/lib/Kick_808.wav', '/lib/Kick_Hard.wav', '/lib/Snare_Hard.wav', '/lib/Hi_Hat.wav']);
    expect((await search('kick -808')).sort()).toEqual(['Kick_Hard.wav']);
    expect((await search('kick OR snare')).sort()).toEqual(['Kick_808.wav', 'Kick_Hard.wav', 'Snare_Hard.wav']);
    expect(await search('"hi hat"')).toEqual(['Hi_Hat.wav']);
    expect(await search('"hat hi"')).toEqual([]);
    expect((await search('sna*')).sort()).toEqual(['Snare_Hard.wav']);
  });

  it('counts matches, not the library, and lists an unreadable file last', async () => {
    const { db, ids, searcher } = library([
      '/lib/Zipper_01.wav',
      '/lib/Zipper_02.wav',
      '/lib/Zipper_Slow.wav',
      ...NOISE,
    ]);
    markFailed(db, ids.get('Zipper_01.wav')!, 'decode', 'truncated data chunk');
    const response = await searcher.search({ text: 'zipper', mode: 'keyword' });
    expect(response.total).toBe(2);
    expect(response.belowLine).toBe(1);
    expect(response.hits.map((hit) => hit.name)).toEqual(['Zipper_02.wav', 'Zipper_Slow.wav', 'Zipper_01.wav']);
    expect(response.hits[2]).toMatchObject({ belowLine: true, explanation: { unreadable: true } });
    expect(response.hits[0]!.explanation).toMatchObject({ notAnalysed: true, matchedTerms: ['zipper'] });
  });

  it('sorts the matches by name and leaves the weaker ones below the line', async () => {
    const { db, ids, searcher } = library(['/lib/b_zipper.wav', '/lib/a_zipper.wav', '/lib/c_zipper.wav']);
    markFailed(db, ids.get('a_zipper.wav')!, 'decode', 'bad');
    const response = await searcher.search({ text: 'zipper', mode: 'keyword', sort: 'name' });
    expect(response.hits.map((hit) => hit.name)).toEqual(['b_zipper.wav', 'c_zipper.wav', 'a_zipper.wav']);
  });
});

describe('keyword ranking of exclusions only', () => {
  it('matches every file a query of -words leaves', async () => {
    const { searcher } = library(['/lib/Kick_808.wav', '/lib/Kick_Hard.wav', '/lib/Snare_Hard.wav']);
    const response = await searcher.search({ text: '-808', mode: 'keyword' });
    expect(response.total).toBe(2);
    expect(response.hits.map((hit) => hit.name)).toEqual(['Kick_Hard.wav', 'Snare_Hard.wav']);
  });
});

describe('browsing', () => {
  it('marks unreadable and not analysed files as a search does', async () => {
    const { db, ids, searcher } = library(['/lib/a.wav', '/lib/b.wav']);
    markFailed(db, ids.get('a.wav')!, 'decode', 'bad');
    const response = await searcher.search({ text: '', sort: 'name' });
    expect(response.hits.map((hit) => [hit.name, hit.explanation.unreadable, hit.explanation.notAnalysed])).toEqual([
      ['a.wav', true, undefined],
      ['b.wav', undefined, true],
    ]);
  });
});

describe('counting', () => {
  it('counts the files holding the query beyond the candidates it scores', async () => {
    const paths = Array.from({ length: 340 }, (_, i) => `/lib/kicks/Kick_${i}.wav`);
    const { searcher } = library([...paths, ...NOISE]);
    const response = await searcher.search({ text: 'kick', mode: 'keyword', limit: 20 });
    expect(response.total).toBe(340);
    expect(response.hits).toHaveLength(20);
  });
});

describe('the model’s best files and the words they hold', () => {
  it('gives a model favourite its lexical part even when the keyword candidates left it out', async () => {
    const paths = Array.from({ length: 340 }, (_, i) => `/lib/drums/Kick_${i}.wav`);
    const { ids, db } = library([...paths, '/lib/kick/other_take.wav', ...NOISE]);
    const favourite = ids.get('other_take.wav')!;
    const thunder = ids.get('Thunder_Roll.wav')!;
    // An analysed library (the model answers for analysed files only).
    db.prepare("UPDATE files SET status = 'analysed'").run();
    const model: NeuralSearch = {
      id: 'label-bridge',
      // The model likes the folder-only file best, then a file holding no query word.
      search: async () => ({
        hits: [
          { fileId: favourite, score: 1 },
          { fileId: thunder, score: 0.99 },
        ],
      }),
    };
    const searcher = new Searcher(db, { 'label-bridge': model }, ucs);
    const response = await searcher.search({ text: 'kick', mode: 'fused', limit: 5 });
    expect(response.hits[0]!.name).toBe('other_take.wav');
    expect(response.hits[0]!.explanation.lexical).toBe(1);
    expect(response.hits.map((hit) => hit.name)).not.toContain('Thunder_Roll.wav');
  });
});
