// The filter panel holds what the user typed (strings, checkboxes); this turns it into the contract's
// SearchRequest, leaving out everything not set so the service sees only real constraints.
import type { AudioFormat, SearchFilters, SearchMode, SearchRequest, SortKey } from '../../src-main/api/contract';
import { parseTagList } from './tags';

export interface FilterState {
  folder: string;
  formats: AudioFormat[];
  /** Seconds, as typed; '' means no bound. */
  minDuration: string;
  maxDuration: string;
  sampleRates: number[];
  channels: number[];
  /** Comma-separated. */
  tags: string;
  ucsCategory: string;
  favouritesOnly: boolean;
  collectionId: number | null;
}

export interface SortState {
  sort: SortKey;
  descending: boolean;
}

export function emptyFilters(): FilterState {
  return {
    folder: '',
    formats: [],
    minDuration: '',
    maxDuration: '',
    sampleRates: [],
    channels: [],
    tags: '',
    ucsCategory: '',
    favouritesOnly: false,
    collectionId: null,
  };
}

/** A duration field's seconds, or undefined when empty or not a non-negative number. Accepts "1:30" too. */
export function parseSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const parts = trimmed.split(':');
  if (parts.length > 3 || parts.some((p) => !/^\d*\.?\d+$/.test(p.trim()))) return undefined;
  const seconds = parts.reduce((total, part) => total * 60 + Number(part), 0);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** A duration field holding text that is no duration ("abc", "-3", "1:2:3:4"): shown as invalid, not ignored. */
export function invalidDuration(text: string): boolean {
  return text.trim() !== '' && parseSeconds(text) === undefined;
}

export function toSearchFilters(state: FilterState): SearchFilters {
  const filters: SearchFilters = {};
  const folder = state.folder.trim();
  if (folder) filters.folder = folder;
  if (state.formats.length > 0) filters.formats = [...state.formats];
  let min = parseSeconds(state.minDuration);
  let max = parseSeconds(state.maxDuration);
  // A reversed range is almost certainly the two fields filled the wrong way round.
  if (min !== undefined && max !== undefined && min > max) [min, max] = [max, min];
  if (min !== undefined) filters.minDuration = min;
  if (max !== undefined) filters.maxDuration = max;
  if (state.sampleRates.length > 0) filters.sampleRates = [...state.sampleRates];
  if (state.channels.length > 0) filters.channels = [...state.channels];
  const tags = parseTagList(state.tags);
  if (tags.length > 0) filters.tags = tags;
  const ucs = state.ucsCategory.trim();
  if (ucs) filters.ucsCategory = ucs;
  if (state.favouritesOnly) filters.favouritesOnly = true;
  if (state.collectionId !== null) filters.collectionId = state.collectionId;
  return filters;
}

/** How many filters are active, for the "Filters (3)" label. */
export function activeFilterCount(state: FilterState): number {
  const filters = toSearchFilters(state);
  // A duration range counts once, whether one or both ends are set.
  const hasDuration = filters.minDuration !== undefined || filters.maxDuration !== undefined;
  const others = Object.keys(filters).filter((key) => key !== 'minDuration' && key !== 'maxDuration');
  return others.length + (hasDuration ? 1 : 0);
}

export interface RequestInput {
  text: string;
  filters: FilterState;
  sort: SortState;
  mode: SearchMode;
  offset: number;
  limit: number;
}

export function buildSearchRequest(input: RequestInput): SearchRequest {
  const request: SearchRequest = {
    text: input.text.trim(),
    limit: input.limit,
    offset: input.offset,
    mode: input.mode,
  };
  const filters = toSearchFilters(input.filters);
  if (Object.keys(filters).length > 0) request.filters = filters;
  // Relevance is the service's default order, best first; only send a sort when the user chose one.
  if (input.sort.sort !== 'relevance') {
    request.sort = input.sort.sort;
    request.descending = input.sort.descending;
  }
  return request;
}
