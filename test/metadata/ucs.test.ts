import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  findCategory,
  loadUcsTable,
  lookupCatId,
  parseUcsName,
  ucsRename,
  type UcsTable,
} from '../../src-main/metadata/ucs';
import { installedDir } from '../helpers/models';

const UCS_DIR = installedDir('ucs');
let table: UcsTable;
beforeAll(async () => {
  table = await loadUcsTable(UCS_DIR);
});

describe('loadUcsTable', () => {
  it('loads all 752 CatIDs of UCS 8.2.1', () => {
    expect(table.entries).toHaveLength(752);
    expect(table.version).toBe('8.2.1');
    expect(lookupCatId(table, 'DOORWood')).toMatchObject({ category: 'DOORS', subCategory: 'WOOD' });
  });

  it('says which file is wrong when it cannot load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hark-ucs-'));
    try {
      await expect(loadUcsTable(dir)).rejects.toThrow(/en\.json/);
      writeFileSync(join(dir, 'en.json'), '{"not": "a list"}');
      await expect(loadUcsTable(dir)).rejects.toThrow(/not a list/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('findCategory (a category as a person names it)', () => {
  const catIdOf = (text: string) => {
    const found = findCategory(table, text);
    return 'entry' in found ? found.entry.catId : found.choices.map((entry) => entry.catId);
  };

  it('takes a CatID in any case, or the category and subcategory with any separator', () => {
    expect(catIdOf('doorwood')).toBe('DOORWood');
    expect(catIdOf('MUSICAL PERCUSSION')).toBe('MUSCPerc'); // not PERCUSSION TUNED, which holds the same words
    expect(catIdOf('musical percussion tuned')).toBe('MUSCTnprc');
    expect(catIdOf('Doors / Wood')).toBe('DOORWood');
    expect(catIdOf('doors-wood')).toBe('DOORWood');
    expect(catIdOf('  DOORS_WOOD ')).toBe('DOORWood');
  });

  it('offers the entries a category alone or a few words could mean, and nothing for a stranger', () => {
    const doors = catIdOf('doors');
    expect(doors).toHaveLength(22);
    expect(doors).toContain('DOORWood');
    expect(catIdOf('percussion')).toEqual(['MUSCPerc', 'MUSCTnprc']);
    expect(catIdOf('zzz')).toEqual([]);
    expect(catIdOf('')).toEqual([]);
  });
});

describe('parseUcsName (examples from the UCS naming convention)', () => {
  it('the four required blocks', () => {
    expect(parseUcsName('GUNAuto_Uzi 9mm Rapid Fire Close Up Short Bursts_TN_DORY.wav', table)).toEqual({
      catId: 'GUNAuto',
      category: 'GUNS',
      subCategory: 'AUTOMATIC',
      categoryFull: 'GUNS-AUTOMATIC',
      exactCase: true,
      fxName: 'Uzi 9mm Rapid Fire Close Up Short Bursts',
      creatorId: 'TN',
      sourceId: 'DORY',
      complete: true,
    });
  });

  it('UserCategory, VendorCategory and UserData (extra underscores allowed there)', () => {
    const parsed = parseUcsName(
      '/lib/guns/GUNAuto-EXT_UZI 9mm-Rapid Fire Close Up Short Bursts_TN_NONE_416-MKH8040_DualMono.flac',
      table,
    );
    expect(parsed).toMatchObject({
      catId: 'GUNAuto',
      userCategory: 'EXT',
      fxName: 'UZI 9mm-Rapid Fire Close Up Short Bursts',
      vendorCategory: 'UZI 9mm',
      creatorId: 'TN',
      sourceId: 'NONE',
      userData: '416-MKH8040_DualMono',
      complete: true,
    });
  });

  it('finds a CatID whose case was changed, and says so', () => {
    expect(parseUcsName('DOORWOOD_Slam_JD_LIB.wav', table)).toMatchObject({ catId: 'DOORWood', exactCase: false });
  });

  it('a CatID with only an FXName is recognised but not complete', () => {
    expect(parseUcsName('AIRBrst_Tyre burst.wav', table)).toMatchObject({ catId: 'AIRBrst', complete: false });
  });

  it.each([
    'door_creak_01.wav',
    'GunAudio_UZI 9mm Rapid Fire_TN_DORY.wav', // not a CatID in the table
    'DOORS-WOOD_Slam_JD_LIB.wav', // category names are never turned into a CatID
    'DOORWood.wav',
    'DOORWood_.wav',
    'Kick 808.flac',
  ])('%s is not a UCS name', (name) => {
    expect(parseUcsName(name, table)).toBeNull();
  });
});

describe('ucsRename (preview only)', () => {
  it('builds a conforming name in the same folder with the same extension', () => {
    const preview = ucsRename(
      '/lib/raw/door slam_take 3.wav',
      'DOORWood',
      { creatorId: 'JD', sourceId: 'HOME' },
      table,
    );
    expect(preview).toEqual({
      from: '/lib/raw/door slam_take 3.wav',
      to: '/lib/raw/DOORWood_door slam take 3_JD_HOME.wav',
      name: 'DOORWood_door slam take 3_JD_HOME.wav',
      unchanged: false,
    });
    expect(parseUcsName(preview.name, table)).toMatchObject({
      catId: 'DOORWood',
      fxName: 'door slam take 3',
      creatorId: 'JD',
      sourceId: 'HOME',
    });
  });

  it('re-categorising keeps the other blocks of an existing UCS name', () => {
    const preview = ucsRename('GUNAuto-EXT_UZI 9mm-Rapid Fire_TN_DORY_take2.wav', 'GUNMech', {}, table);
    expect(preview.name).toBe('GUNMech-EXT_UZI 9mm-Rapid Fire_TN_DORY_take2.wav');
    expect(ucsRename(preview.name, 'GUNMech', {}, table).unchanged).toBe(true);
  });

  it('keeps a word that is a CatID only in another case as part of the title', () => {
    // "rain" is RAIN's CatID in lower case: a word of this name, not its category block (it was dropped).
    expect(ucsRename('/lib/rain_0001.flac', 'BIRDCrow', {}, table).name).toBe('BIRDCrow_rain 0001_NONE_NONE.flac');
    // With all four blocks it is a UCS name in the wrong case: its blocks are kept, not folded into the title.
    expect(ucsRename('/lib/rain_Heavy on tin_JD_FIELD.flac', 'RAINMetl', {}, table).name).toBe(
      'RAINMetl_Heavy on tin_JD_FIELD.flac',
    );
  });

  it('keeps underscores and forbidden characters out of the blocks; fills missing ids with NONE', () => {
    const preview = ucsRename(
      'x.wav',
      'AIRBrst',
      { fxName: 'Tyre_burst: "loud"/close', vendorCategory: 'Car-Tyres' },
      table,
    );
    expect(preview.name).toBe('AIRBrst_Car Tyres-Tyre burst loud close_NONE_NONE.wav');
    expect(parseUcsName(preview.name, table)).toMatchObject({ vendorCategory: 'Car Tyres', complete: true });
  });

  it('uses the table spelling of the CatID and refuses CatIDs not in the table', () => {
    expect(ucsRename('a.wav', 'doorwood', { fxName: 'A' }, table).name).toBe('DOORWood_A_NONE_NONE.wav');
    expect(() => ucsRename('a.wav', 'DOORSWOOD', {}, table)).toThrow(/not a CatID/);
  });
});
