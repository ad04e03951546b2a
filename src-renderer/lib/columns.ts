// The extra columns a person may show beside each result (name, tags, duration and format always show), and which
// ones they chose, remembered in this browser.
import type { SearchHit } from '../../src-main/api/contract';
import { formatChannels, formatSampleRate } from './format';

export const EXTRA_COLUMNS = [
  'sampleRate',
  'bitDepth',
  'channels',
  'loudness',
  'category',
  'modified',
  'path',
] as const;
export type ExtraColumn = (typeof EXTRA_COLUMNS)[number];

export interface ColumnSpec {
  heading: string;
  /** A CSS grid track. */
  width: string;
  value: (hit: SearchHit) => string;
}

export const COLUMN_SPECS: Record<ExtraColumn, ColumnSpec> = {
  sampleRate: { heading: 'Rate', width: '60px', value: (hit) => formatSampleRate(hit.sampleRate) },
  bitDepth: { heading: 'Bits', width: '40px', value: (hit) => (hit.bitDepth ? String(hit.bitDepth) : '–') },
  channels: { heading: 'Ch', width: '56px', value: (hit) => formatChannels(hit.channels) },
  loudness: {
    heading: 'LUFS',
    width: '44px',
    value: (hit) => (hit.loudnessLufs === null ? '–' : hit.loudnessLufs.toFixed(1)),
  },
  category: { heading: 'Category', width: '84px', value: (hit) => hit.explanation.ucs?.catId ?? '–' },
  modified: { heading: 'Modified', width: '84px', value: (hit) => shortDate(hit.modifiedMs) },
  path: { heading: 'Path', width: 'minmax(60px, 1.2fr)', value: (hit) => hit.path },
};

const KEY = 'hark.columns';

/** The columns chosen in this browser, in the table's order; none at first. */
export function rememberedColumns(storage: Pick<Storage, 'getItem'>): ExtraColumn[] {
  try {
    const saved = JSON.parse(storage.getItem(KEY) ?? '[]') as unknown;
    return EXTRA_COLUMNS.filter((column) => Array.isArray(saved) && saved.includes(column));
  } catch {
    return [];
  }
}

export function rememberColumns(columns: readonly ExtraColumn[], storage: Pick<Storage, 'setItem'>): void {
  storage.setItem(KEY, JSON.stringify(EXTRA_COLUMNS.filter((column) => columns.includes(column))));
}

// Fixed tracks besides the chosen columns: duration, format and score (waveform and name are elastic).
const FIXED_TRACKS_PX = 66 + 44 + 48;
/** A name must stay readable (120 px), and one chip, "Sine wave 92%", needs about as much. */
const NAME_AND_CHIP_PX = 240;

/**
 * Whether the row has room for its tag chips at this list width (px; unknown: room enough). Past three extra
 * columns it never has; in a narrow list (1024 px with the side panel) even fewer leave the chips a few letters
 * each ("M.."). Then they go from the row, the side panel keeps them, and the name keeps the room.
 */
export function showsTags(columns: readonly ExtraColumn[], listWidth = Infinity): boolean {
  if (columns.length > 3) return false;
  // A track's least width: its px, or the px of its minmax().
  const extra = columns.reduce((sum, column) => sum + Number(/(\d+)px/.exec(COLUMN_SPECS[column].width)?.[1] ?? 0), 0);
  const gaps = (columns.length + 5) * 10;
  const waveform = Math.min(124, Math.max(64, 0.18 * listWidth));
  return listWidth - waveform - FIXED_TRACKS_PX - extra - gaps >= NAME_AND_CHIP_PX;
}

/** The row's grid: waveform, name, tags (when shown), duration, format, the chosen columns, score. */
export function rowTemplate(columns: readonly ExtraColumn[], listWidth = Infinity): string {
  const extra = columns.map((column) => COLUMN_SPECS[column].width);
  if (!showsTags(columns, listWidth))
    return ['clamp(32px, 8%, 124px)', 'minmax(120px, 1fr)', '66px', '44px', ...extra, '48px'].join(' ');
  return ['clamp(64px, 18%, 124px)', 'minmax(100px, 1fr)', 'minmax(0, 0.8fr)', '66px', '44px', ...extra, '48px'].join(
    ' ',
  );
}

/** The space between cells: tighter when many columns share the row. */
export function rowGap(columns: readonly ExtraColumn[]): string {
  return columns.length > 3 ? '6px' : '10px';
}

/** A local calendar date, 2026-01-05: short enough for a column, and it sorts as it reads. */
export function shortDate(epochMs: number): string {
  if (!Number.isFinite(epochMs) || epochMs <= 0) return '–';
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}
