// Keyword search through the built CLI on real files (sox tones named the ways sound libraries name them): each
// tokenisation rule, the match count and an unreadable file listed last.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHark } from '../helpers/cli';
import { ucsOnlyModelsDir } from '../helpers/models';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

const NAMES = [
  'foley/Zipper_03.wav',
  'foley/Bodyfall_02.wav',
  'foley/keyjingle1.wav',
  'props/Key_Jingle.wav',
  'doors/DOORWood_Creak Slow_HRK_01.wav',
  'ui/HTTPRequest_Beep.wav',
  'misc/BottleSmash_Floor.wav',
  'misc/Glass_Clink.wav',
  'misc/Floor_Creak.wav',
  'weather/Thunder_Roll.wav',
  'weather/Rain_Heavy_02.wav',
];

describe('hark search: keywords as sound libraries write them', () => {
  const tempDir = useTempDirs();

  it('finds plural, split, joined, acronym and CatID forms, counts matches, and lists an unreadable file last', async () => {
    const dir = tempDir();
    const library = join(dir, 'Library');
    for (const name of NAMES) {
      mkdirSync(join(library, name, '..'), { recursive: true });
      tone(library, name, { seconds: 0.2 });
    }
    // Not audio at all: fails when catalogued, so it can never be played.
    writeFileSync(join(library, 'foley', 'Zipper_01.wav'), Buffer.alloc(4096, 7));
    const env = { HARK_MODELS_DIR: ucsOnlyModelsDir(dir) };
    const db = join(dir, 'hark.db');
    expect((await runHark(['--db', db, 'add', library], env)).code).toBe(0);
    expect((await runHark(['--db', db, 'index'], env)).code).toBe(0);

    const search = async (query: string) => {
      const result = await runHark(['--db', db, 'search', query, '--json', '--mode', 'keyword'], env);
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout) as {
        total: number;
        results: { name: string; explanation: { unreadable?: boolean; notAnalysed?: boolean } }[];
      };
    };
    const names = async (query: string) => (await search(query)).results.map((r) => r.name);

    expect((await names('zippers'))[0]).toBe('Zipper_03.wav');
    expect((await names('body fall'))[0]).toBe('Bodyfall_02.wav');
    expect((await names('key jingle')).slice(0, 2).sort()).toEqual(['Key_Jingle.wav', 'keyjingle1.wav']);
    expect((await names('keyjingle')).slice(0, 2)).toEqual(['keyjingle1.wav', 'Key_Jingle.wav']);
    expect((await names('http request'))[0]).toBe('HTTPRequest_Beep.wav');
    expect((await names('wood door'))[0]).toBe('DOORWood_Creak Slow_HRK_01.wav');
    expect((await names('glass bottle smash floor'))[0]).toBe('BottleSmash_Floor.wav');

    const zipper = await search('zipper');
    expect(zipper.total).toBe(1);
    expect(zipper.results.map((r) => r.name)).toEqual(['Zipper_03.wav', 'Zipper_01.wav']);
    expect(zipper.results[1]!.explanation.unreadable).toBe(true);

    // A library's size is not a count: a query matching nothing matches nothing.
    expect((await search('helicopter')).total).toBe(0);
  });
});
