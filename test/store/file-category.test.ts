import { beforeAll, describe, expect, it } from 'vitest';
import { loadUcsTable, type UcsTable } from '../../src-main/metadata/ucs';
import { ownCategory, ucsKeysForName } from '../../src-main/store/file-category';
import { installedDir } from '../helpers/models';

let table: UcsTable;
beforeAll(async () => {
  table = await loadUcsTable(installedDir('ucs'));
});

describe("a file's own category", () => {
  it('is read from a name that spells a CatID as UCS does, at full confidence', () => {
    expect(ownCategory({}, 'AIRBrst_Tyre valve release_HRK_01.wav', table)).toMatchObject({
      catId: 'AIRBrst',
      category: 'AIR',
      subCategory: 'BURST',
      source: 'filename',
      confidence: 1,
    });
  });

  it('is not read from an ordinary word that is a CatID in another case', () => {
    expect(ownCategory({}, 'airbrst_tyre valve.wav', table)).toBeNull();
    expect(ownCategory({}, 'beep_440.wav', table)).toBeNull();
    expect(ownCategory({}, 'rain_00001.wav', table)).toBeNull();
  });
});

describe('the name-derived ucs.* keys after a rename', () => {
  it('follow a UCS name', () => {
    expect(ucsKeysForName('DOORWood_Slam_JD_LIB.wav', table)).toEqual({
      'ucs.catId': 'DOORWood',
      'ucs.category': 'DOORS',
      'ucs.subCategory': 'WOOD',
      'ucs.source': 'filename',
    });
  });

  it('are none for a name whose first word is a CatID only in another case, as ownCategory reads it', () => {
    for (const name of ['rain_0001.wav', 'beep_440.wav', 'airbrst_tyre valve.wav']) {
      expect(ucsKeysForName(name, table)).toBeNull();
      expect(ownCategory({}, name, table)).toBeNull();
    }
  });
});
