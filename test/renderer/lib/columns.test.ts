import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../src-main/api/contract';
import {
  COLUMN_SPECS,
  EXTRA_COLUMNS,
  rememberColumns,
  rememberedColumns,
  rowTemplate,
  showsTags,
  shortDate,
} from '../../../src-renderer/lib/columns';

const hit = {
  path: '/lib/Rain/rain_01.wav',
  sampleRate: 96000,
  bitDepth: 24,
  channels: 2,
  loudnessLufs: -23.04,
  modifiedMs: new Date(2026, 0, 5, 12).getTime(),
  explanation: { matchedTerms: [], tags: [], ucs: { catId: 'RAINSurf' } },
} as unknown as SearchHit;

describe('result columns', () => {
  it('shows each chosen fact of a file, and a dash for what is not known', () => {
    expect(EXTRA_COLUMNS.map((column) => COLUMN_SPECS[column].value(hit))).toEqual([
      '96 kHz',
      '24',
      'stereo',
      '-23.0',
      'RAINSurf',
      '2026-01-05',
      '/lib/Rain/rain_01.wav',
    ]);
    const unknown = { ...hit, bitDepth: null, loudnessLufs: null, explanation: { matchedTerms: [], tags: [] } };
    expect(COLUMN_SPECS.bitDepth.value(unknown)).toBe('–');
    expect(COLUMN_SPECS.loudness.value(unknown)).toBe('–');
    expect(COLUMN_SPECS.category.value(unknown)).toBe('–');
    expect(shortDate(0)).toBe('–');
  });

  it('remembers the choice in the table order, ignoring anything it does not know', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    };
    expect(rememberedColumns(storage)).toEqual([]);
    rememberColumns(['path', 'sampleRate'], storage);
    expect(rememberedColumns(storage)).toEqual(['sampleRate', 'path']);
    store.set('hark.columns', '["loudness","nonsense"]');
    expect(rememberedColumns(storage)).toEqual(['loudness']);
    store.set('hark.columns', 'not json');
    expect(rememberedColumns(storage)).toEqual([]);
  });

  it('gives the row one grid track per cell', () => {
    // Tracks are separated by spaces outside parentheses (clamp(...) and minmax(...) hold spaces of their own).
    const tracks = (template: string) => template.split(/ (?![^(]*\))/);
    expect(tracks(rowTemplate([]))).toHaveLength(6);
    expect(tracks(rowTemplate(['sampleRate', 'modified']))).toHaveLength(8);
    // Past three extra columns the chips leave the row (their track with them); the name keeps 120 px.
    const crowded = ['sampleRate', 'bitDepth', 'loudness', 'modified', 'path'] as const;
    expect(showsTags(crowded)).toBe(false);
    expect(showsTags(['sampleRate', 'bitDepth', 'loudness'])).toBe(true);
    expect(tracks(rowTemplate(crowded))).toHaveLength(10);
    expect(tracks(rowTemplate(crowded))[1]).toBe('minmax(120px, 1fr)');
  });

  it('keeps the chips only where a name and a whole chip both fit beside the chosen columns', () => {
    // Unknown width (before the list is measured), or a wide list: up to three columns leave room.
    expect(showsTags(['channels', 'loudness', 'category'])).toBe(true);
    expect(showsTags(['channels', 'loudness', 'category'], 1400)).toBe(true);
    // 1024x700 with the side panel open leaves the list ~696 px: the default row keeps its chips, three columns
    // would squeeze them to "M.." (seen in a screenshot), so they go.
    expect(showsTags([], 696)).toBe(true);
    expect(showsTags(['channels', 'loudness', 'category'], 696)).toBe(false);
    expect(showsTags(['path'], 500)).toBe(false);
    expect(showsTags(['sampleRate', 'bitDepth', 'channels', 'loudness'], 4000)).toBe(false);
    expect(rowTemplate(['channels', 'loudness', 'category'], 696)).toBe(
      rowTemplate(['channels', 'loudness', 'category', 'path']).replace(' minmax(60px, 1.2fr)', ''),
    );
  });
});
