import { describe, expect, it } from 'vitest';
import { groupMetadata } from '../../../src-renderer/lib/metadata';

describe('groupMetadata', () => {
  it('groups by source in a fixed order with keys sorted', () => {
    const groups = groupMetadata({
      'vorbis.TITLE': 'Rain',
      'bext.Originator': 'Me',
      'bext.Description': 'Rain on a tin roof',
      'ixml.USER.CATID': 'RAINTin',
      loose: 'x',
      'zzz.thing': 'y',
    });
    expect(groups.map((g) => g.title)).toEqual(['Broadcast WAV (bext)', 'iXML', 'Vorbis comments', 'ZZZ', 'Other']);
    expect(groups[0]!.entries).toEqual([
      { key: 'Description', value: 'Rain on a tin roof' },
      { key: 'Originator', value: 'Me' },
    ]);
    expect(groups[1]!.entries).toEqual([{ key: 'USER.CATID', value: 'RAINTin' }]);
  });

  it('is empty for no metadata', () => {
    expect(groupMetadata({})).toEqual([]);
  });
});
