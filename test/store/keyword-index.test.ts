import { describe, expect, it } from 'vitest';
import { parseKeywordQuery } from '../../src-main/search/keyword-query';
import { openDatabase, type Db } from '../../src-main/store/database';
import { markFailed, upsertCatalogued } from '../../src-main/store/files';
import {
  keywordAnswer,
  keywordSearch,
  rebuildKeywordIndex,
  termFrequencies,
  useLexicon,
} from '../../src-main/store/keyword-index';
import { readNote } from '../../src-main/store/settings';
import { setUserTags } from '../../src-main/store/tags';
import { createLexicon, LEXICON_VERSION } from '../../src-main/words/lexicon';
import { wavEntry } from '../helpers/catalogue';

function library(): { db: Db; add: (path: string, metadata?: Record<string, string>) => number } {
  const db = openDatabase(':memory:');
  db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/lib', 0)").run();
  const add = (path: string, metadata: Record<string, string> = {}) =>
    upsertCatalogued(db, wavEntry(1, path, { metadata }), 1);
  return { db, add };
}

const found = (db: Db, text: string) => {
  const q = parseKeywordQuery(text);
  return keywordSearch(db, q.match, q.exclude, 50)
    .map((hit) => hit.name)
    .sort();
};

describe('keyword index', () => {
  it('finds any form of any word over names, folders and metadata; NOT removes', () => {
    const { db, add } = library();
    add('/lib/drums/KickDrum_01.wav');
    add('/lib/drums/Kick_808.wav');
    add('/lib/drums/Snare_Hard.wav');
    add('/lib/foley/steps.wav', { description: 'wet footsteps on gravel, slow' });
    add('/lib/foley/door.wav', { description: 'gravel crunch under a door' });

    expect(found(db, 'kick')).toEqual(['Kick 808', 'KickDrum Kick Drum 01']);
    expect(found(db, 'kick -808')).toEqual(['KickDrum Kick Drum 01']);
    expect(found(db, 'kicks')).toEqual(['Kick 808', 'KickDrum Kick Drum 01']);
    expect(found(db, '"footsteps on gravel"')).toEqual(['steps']);
    expect(found(db, 'foot*')).toEqual(['steps']);
    // A query of -words only is browsed by the searcher (test/app/hark.test.ts), not keyword-searched.
    expect(found(db, '-kick -snare')).toEqual([]);
  });

  it('returns each hit with its text, analysis state and whether it can be played', () => {
    const { db, add } = library();
    const broken = add('/lib/Zipper_03.wav');
    markFailed(db, broken, 'decode', 'truncated data', null);
    const model = add('/lib/Zipper_04.wav');
    markFailed(db, model, 'analysis', 'model failed', null);
    const q = parseKeywordQuery('zippers');
    const hits = keywordSearch(db, q.match, q.exclude, 10).sort((a, b) => a.fileId - b.fileId);
    expect(hits.map((h) => [h.name, h.status, h.unreadable])).toEqual([
      ['Zipper 03', 'failed', true],
      ['Zipper 04', 'failed', false],
    ]);
    expect(hits[0]!.derived.split(' ')).toContain('zipper');
  });

  it('finds user tags once set, and forgets removed ones', () => {
    const { db, add } = library();
    const id = add('/lib/x.wav');
    setUserTags(db, id, ['spooky', ' favourite take ']);
    expect(found(db, 'spooky')).toEqual(['x']);
    setUserTags(db, id, []);
    expect(found(db, 'spooky')).toEqual([]);
  });

  it('counts the files holding each term, for IDF', () => {
    const { db, add } = library();
    add('/lib/a/kick_1.wav');
    add('/lib/a/kick_2.wav');
    add('/lib/a/snare.wav');
    const { files, holding } = termFrequencies(db, ['kick', 'snare', 'absent']);
    expect(files).toBe(3);
    expect(Object.fromEntries(holding)).toEqual({ kick: 2, snare: 1 });
  });

  it('rebuilds every row when opened with another lexicon, once', () => {
    const { db, add } = library();
    add('/lib/FOLYClth_Rustle_01.wav');
    expect(found(db, 'foley cloth')).toEqual([]); // the plain lexicon knows no CatIDs
    const ucs = {
      version: 't',
      entries: [],
      byCatId: new Map(),
      byLowerCatId: new Map([
        [
          'folyclth',
          {
            catId: 'FOLYClth',
            category: 'FOLEY',
            subCategory: 'CLOTH',
            catShort: 'FOLY',
            explanations: '',
            synonyms: [],
          },
        ],
      ]),
    };
    expect(useLexicon(db, createLexicon(ucs))).toBe(1);
    expect(found(db, 'foley cloth')).toEqual(['FOLYClth FOLY Clth Rustle 01']);
    expect(readNote(db, 'keywordIndex')).toBe(`${LEXICON_VERSION}/ucs-t`);
    expect(useLexicon(db, createLexicon(ucs))).toBe(0);
    expect(rebuildKeywordIndex(db)).toBe(1);
  });
});

describe('keywordAnswer', () => {
  const ask = (text: string, limit: number, rankLimit?: number) => {
    const q = parseKeywordQuery(text);
    const terms = q.groupMatches.flatMap((group) => group.terms);
    return { match: q.match, exclude: q.exclude, limit, terms, groups: q.groupMatches, rankLimit };
  };

  it('ranks the files holding every group first and counts every file holding a word', () => {
    const { db, add } = library();
    for (let i = 0; i < 6; i++) add(`/lib/glass/Glass_Clink_${i}.wav`);
    add('/lib/glass/Glass_Breaking_01.wav');
    add('/lib/misc/Breaking_Twig.wav');
    const answer = keywordAnswer(db, ask('glass breaking', 1));
    expect(answer.hits.map((hit) => hit.name)).toEqual(['Glass Breaking 01']);
    expect(answer.matching).toBe(8);
  });

  it('past the ranking limit, takes the files holding every group and some of each group, a rare word whole', () => {
    const { db, add } = library();
    for (let i = 0; i < 40; i++) add(`/lib/glass/Glass_Clink_${i}.wav`);
    add('/lib/glass/Glass_Breaking_01.wav');
    add('/lib/misc/Breaking_Twig.wav');
    add('/lib/misc/Breaking_Branch.wav');
    const answer = keywordAnswer(db, ask('glass breaking', 5, 10));
    const names = answer.hits.map((hit) => hit.name);
    expect(answer.matching).toBe(43);
    expect(names[0]).toBe('Glass Breaking 01');
    expect(names).toEqual(expect.arrayContaining(['Breaking Twig', 'Breaking Branch']));
    // The file holding both, 5 glass files at most, and both other breaking files.
    expect(names.length).toBeLessThanOrEqual(1 + 5 + 2);
    expect(new Set(names).size).toBe(names.length);
  });

  it('with countLater, answers a common word past the ranking limit with its file count as a floor, counted exactly apart', () => {
    const { db, add } = library();
    for (let i = 0; i < 30; i++) add(`/lib/glass/Glass_Clink_${i}.wav`);
    for (let i = 0; i < 5; i++) add(`/lib/misc/Breaking_Twig_${i}.wav`);
    add('/lib/glass/Glass_Breaking_01.wav');
    const asked = { ...ask('glass breaking', 5, 10), wordTerms: ['glass', 'breaking'] };
    const exact = keywordAnswer(db, asked);
    expect(exact).toMatchObject({ matching: 36 });
    expect(exact.matchingIsFloor).toBeUndefined();

    const later = keywordAnswer(db, { ...asked, countLater: true });
    // "glass" alone is in 31 files: a floor past the limit of 10, so the same hits come without the count.
    expect(later).toMatchObject({ matching: 31, matchingIsFloor: true });
    expect(later.hits).toEqual(exact.hits);
    expect(keywordAnswer(db, { ...asked, countOnly: true }).matching).toBe(36);

    // Under the limit, or with an exclusion (which may take away any file), the count is exact at once.
    expect(keywordAnswer(db, { ...asked, countLater: true, rankLimit: 100 }).matchingIsFloor).toBeUndefined();
    const excluding = { ...ask('glass breaking -clink', 5, 10), wordTerms: ['glass', 'breaking'], countLater: true };
    expect(keywordAnswer(db, excluding)).toMatchObject({ matching: 6 });
    expect(keywordAnswer(db, excluding).matchingIsFloor).toBeUndefined();
  });
});
