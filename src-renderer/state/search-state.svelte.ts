// Everything the search screen knows: the query, filters, sort, the results so far and which one is selected.
// It lives above the views so switching to Library and back keeps the search as it was.
import type { SearchHit, SearchMode, SearchResponse } from '../../src-main/api/contract';
import type { AppClient } from '../lib/api-client';
import { emptyFilters, buildSearchRequest, type FilterState, type SortState } from '../lib/search-request';

/** Results fetched per request; more pages load as the list scrolls near the end. */
export const PAGE_SIZE = 200;

export class SearchState {
  text = $state('');
  filters = $state<FilterState>(emptyFilters());
  sort = $state<SortState>({ sort: 'relevance', descending: false });
  mode = $state<SearchMode>('fused');

  hits = $state.raw<SearchHit[]>([]);
  /** How many files match (above the line); when browsing, how many pass the filters. */
  total = $state(0);
  /** How many weaker matches the service lists after the matches. */
  belowLine = $state(0);
  /** How many hits the service has in all (matches and weaker ones), so paging knows where the end is. */
  listed = $state(0);
  /**
   * "More like this": the list holds the sounds nearest to this file instead of the query's matches (the filters
   * still apply). Typing a new query ends it.
   */
  like = $state.raw<{ fileId: number; name: string } | null>(null);
  /** The files picked for a batch change (ctrl/shift-click, select all): ids, since pages load and reorder. */
  picked = $state.raw<ReadonlySet<number>>(new Set());
  /** Where a shift-click range starts: the last row clicked on its own or with ctrl. */
  private anchor = -1;
  response = $state.raw<SearchResponse | null>(null);
  selected = $state(-1);
  loading = $state(false);
  error = $state<string | null>(null);

  private generation = 0;
  /** The next page while it is on its way: a second ask waits for it instead of asking again. */
  private moreRequest: Promise<void> | null = null;
  private loadingMore = false;

  constructor(private readonly client: AppClient) {}

  get selectedHit(): SearchHit | null {
    return this.hits[this.selected] ?? null;
  }

  /** A fingerprint of everything that changes the results: a new one means search again from the top. */
  requestKey(): string {
    return JSON.stringify({ request: this.request(0), like: this.like?.fileId ?? null });
  }

  private request(offset: number) {
    return buildSearchRequest({
      text: this.text,
      filters: this.filters,
      sort: this.sort,
      mode: this.mode,
      offset,
      limit: PAGE_SIZE,
    });
  }

  async run(): Promise<void> {
    const mine = ++this.generation;
    const request = this.request(0);
    this.loading = true;
    const like = this.like;
    try {
      const response = like
        ? await this.client.similar({ fileId: like.fileId, limit: PAGE_SIZE, filters: request.filters })
        : await this.client.search(request);
      if (mine !== this.generation) return; // the user has typed on; a newer search owns the list
      this.response = response;
      this.hits = response.hits;
      this.picked = new Set();
      this.anchor = -1;
      this.total = response.total;
      this.belowLine = response.belowLine ?? 0;
      // "More like this" answers one page, its nearest: nothing to page on to.
      this.listed = like || response.hits.length < PAGE_SIZE ? response.hits.length : this.total + this.belowLine;
      this.selected = response.hits.length > 0 ? 0 : -1;
      this.error = null;
    } catch (error) {
      if (mine !== this.generation) return;
      this.response = null;
      this.hits = [];
      this.total = 0;
      this.belowLine = 0;
      this.listed = 0;
      this.selected = -1;
      // An empty box with no filters is "browse everything"; if the service wants words, that is not an error.
      this.error = request.text === '' && !request.filters ? null : (error as Error).message;
    } finally {
      if (mine === this.generation) this.loading = false;
    }
  }

  /**
   * Fetches pages until every listed hit is loaded (End jumps to the real last file, not the last of the pages
   * scrolled to). Stops when a page brings nothing new or another search starts; false then.
   */
  async loadAll(): Promise<boolean> {
    const mine = this.generation;
    while (mine === this.generation && this.hits.length < this.listed) {
      const before = this.hits.length;
      await this.loadMore(); // the page already on its way, if a scroll asked for one
      if (this.hits.length === before) break; // nothing new: an error, or the service has no more
    }
    return mine === this.generation;
  }

  /** Fetches the next page when the list nears its end. */
  loadMore(): Promise<void> {
    if (this.moreRequest) return this.moreRequest;
    if (this.hits.length >= this.listed) return Promise.resolve();
    this.moreRequest = this.fetchMore().finally(() => (this.moreRequest = null));
    return this.moreRequest;
  }

  private async fetchMore(): Promise<void> {
    const mine = this.generation;
    this.loadingMore = true;
    try {
      const response = await this.client.search(this.request(this.hits.length));
      if (mine !== this.generation) return;
      const known = new Set(this.hits.map((h) => h.id));
      this.hits = [...this.hits, ...response.hits.filter((h) => !known.has(h.id))];
      // A page shorter than asked for means the end, whatever the counts said.
      this.listed = response.hits.length < PAGE_SIZE ? this.hits.length : response.total + (response.belowLine ?? 0);
    } catch {
      // Keep what is shown; the next scroll tries again.
    } finally {
      this.loadingMore = false;
    }
  }

  /**
   * A click on row `index`: alone it moves the selection and drops any multiple one; with ctrl (or cmd) it adds the
   * row to the picked files or takes it out; with shift it picks every row from the anchor to it.
   */
  pick(index: number, how: { toggle: boolean; range: boolean }): void {
    const hit = this.hits[index];
    if (!hit) return;
    if (how.range && this.anchor >= 0) {
      const [from, to] = this.anchor < index ? [this.anchor, index] : [index, this.anchor];
      this.picked = new Set([...this.picked, ...this.hits.slice(from, to + 1).map((h) => h.id)]);
    } else if (how.toggle) {
      const next = new Set(this.picked);
      // The row that was selected alone joins the selection it starts.
      const current = this.hits[this.selected];
      if (next.size === 0 && current && current.id !== hit.id) next.add(current.id);
      if (next.has(hit.id)) next.delete(hit.id);
      else next.add(hit.id);
      this.picked = next;
      this.anchor = index;
    } else {
      this.picked = new Set();
      this.anchor = index;
    }
    this.selected = index;
  }

  /** Every loaded result, for a batch change. */
  pickAll(): void {
    this.picked = new Set(this.hits.map((hit) => hit.id));
  }

  clearPicked(): void {
    this.picked = new Set();
  }

  /** After a tag, favourite or other change to one file, keep the list in step without searching again. */
  patchHit(id: number, change: Partial<SearchHit>): void {
    this.hits = this.hits.map((hit) => (hit.id === id ? { ...hit, ...change } : hit));
  }
}
