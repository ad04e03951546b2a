import type {
  Explanation,
  SearchHit,
  SearchModel,
  SearchRequest,
  SearchResponse,
  SimilarRequest,
  SortKey,
} from '../api/contract';
import { badRequest, notFound } from '../base/errors';
import { loadVector } from '../store/analysis';
import type { Db } from '../store/database';
import { getFileRow, getFileRows, toSummary, type FileRow } from '../store/files';
import { indexedTexts } from '../store/keyword-index';
import { autoTagsOfMany } from '../store/tags';
import type { VectorIndex } from '../store/vector-index';
import { allowedFileIds, browseFileIds } from '../store/file-filter';
import { fuseRankings, type FusedHit } from './fusion';
import { matchedTerms, parseKeywordQuery, STOPWORDS } from './keyword-query';
import type { NeuralResult, NeuralSearch } from './neural';
import type { UcsTable } from '../metadata/ucs';
import { ucsOfMany } from './ucs-of';
import { inThreadKeywordSearcher, type KeywordSearcher } from './keyword-thread';

const CANDIDATES = 1000;
const MAX_LIMIT = 10_000;

export class Searcher {
  constructor(
    private readonly db: Db,
    private readonly models: Partial<Record<SearchModel, NeuralSearch>> = {},
    private readonly ucsTable: UcsTable | null = null,
    /** The model a request without `model` uses (the searchModel setting). */
    private readonly preferred: () => SearchModel = () => 'label-bridge',
    private readonly keywords: KeywordSearcher = inThreadKeywordSearcher(db),
    /** Pooled audio features of every analysed file, for "more like this"; without it `similar` finds nothing. */
    private readonly features: VectorIndex | null = null,
  ) {}

  /**
   * The model asked for, else the preferred one if it can answer, else the label bridge. Asking by name for a model
   * that is not installed is an error, not a silent substitute.
   */
  private neuralFor(model: SearchModel | undefined): NeuralSearch | null {
    if (model) {
      const asked = this.models[model];
      if (!asked) throw badRequest(`The ${model} model is not installed (see hark info).`);
      return asked;
    }
    return this.models[this.preferred()] ?? this.models['label-bridge'] ?? null;
  }

  /** The model's answer, or the label bridge's when a preferred (not named) model fails. Null: no model. */
  private startNeural(
    text: string,
    named: SearchModel | undefined,
  ): Promise<{ model: NeuralSearch; result: NeuralResult } | null> {
    const model = this.neuralFor(named);
    if (!model) return Promise.resolve(null);
    const bridge = this.models['label-bridge'];
    const run = model.search(text, CANDIDATES).then(
      (result) => ({ model, result }),
      async (error: unknown) => {
        // The preferred model failing (e.g. damaged heads) must not take search down: the default model answers.
        if (named || !bridge || model === bridge) throw error;
        console.warn(
          `Hark: ${model.id} search failed (${error instanceof Error ? error.message : String(error)}); using the label bridge.`,
        );
        return { model: bridge, result: await bridge.search(text, CANDIDATES) };
      },
    );
    run.catch(() => undefined); // awaited after the keyword search; meanwhile a rejection is not "unhandled"
    return run;
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const started = performance.now();
    const text = (request.text ?? '').trim();
    const limit = Math.min(Math.max(1, request.limit ?? 50), MAX_LIMIT);
    const offset = Math.max(0, request.offset ?? 0);
    const mode = request.mode ?? 'fused';
    const sort: SortKey = request.sort ?? 'relevance';
    if (text.length > 1000) throw badRequest('The query is too long (1000 characters at most).');

    if (!text) {
      const ids = browseFileIds(this.db, request.filters, sort, request.descending ?? false, offset + limit);
      const hits = this.hydrate(
        ids.slice(offset).map((fileId) => ({ fileId, score: 0 })),
        [],
        null,
      );
      return { text, hits, total: ids.length, tookMs: elapsed(started), used: { keyword: false, neural: false } };
    }

    const query = parseKeywordQuery(text);
    const allowed = allowedFileIds(this.db, request.filters);
    const pass = (id: number) => allowed === null || allowed.has(id);

    // The keyword search is asked first: on its own thread it runs while the model works on this one.
    const strongRun =
      mode === 'neural' ? Promise.resolve([]) : this.keywords.search(query.match, query.exclude, CANDIDATES);
    const run = mode === 'keyword' ? null : this.startNeural(text, request.model);
    strongRun.catch(() => undefined); // awaited below, after the model has started

    const strong: { fileId: number }[] = (await strongRun).filter((h) => pass(h.fileId));
    let weak: { fileId: number }[] = [];
    const words = query.terms.filter((term) => !STOPWORDS.has(term));
    if (mode !== 'neural' && strong.length === 0 && words.length > 1) {
      const anyWord = words.map((w) => (w.endsWith('*') ? `"${w.slice(0, -1)}" *` : `"${w}"`)).join(' OR ');
      weak = (await this.keywords.search(anyWord, query.exclude, CANDIDATES)).filter((h) => pass(h.fileId));
    }

    const answered = run ? await run : null;
    const model = answered?.model ?? null;
    const neural: NeuralResult | null = answered
      ? { ...answered.result, hits: answered.result.hits.filter((h) => pass(h.fileId)) }
      : null;

    let fused: FusedHit[] =
      mode === 'keyword'
        ? fuseRankings(strong, weak, [])
        : mode === 'neural'
          ? fuseRankings([], [], neural?.hits ?? [])
          : fuseRankings(strong, weak, neural?.hits ?? []);
    if (sort !== 'relevance') fused = this.sortBy(fused, sort, request.descending ?? false);

    const page = fused.slice(offset, offset + limit);
    const details =
      neural && model?.explain
        ? await model.explain(
            text,
            page.map((h) => h.fileId),
          )
        : null;
    const neuralById = new Map(neural?.hits.map((h) => [h.fileId, h]) ?? []);
    // The search's own hits carry what only it computes (the heads' factors); explain adds tags and segments.
    const hits = this.hydrate(page, query.terms, (fileId) => ({
      ...neuralById.get(fileId)?.explanation,
      ...defined(details?.get(fileId)),
    }));
    return {
      text,
      hits,
      total: fused.length,
      tookMs: elapsed(started),
      used: {
        keyword: mode !== 'neural',
        neural: neural !== null,
        model: neural ? (model!.id as SearchModel) : undefined,
      },
      // Files that contain every word of the query are a good match whatever the model thinks.
      noGoodMatch:
        neural?.noGoodMatch && (strong.length ? { ...neural.noGoodMatch, flagged: false } : neural.noGoodMatch),
    };
  }

  /** "More like this": the nearest files by audio features that pass the request's filters, hydrated as search hits. */
  similar(request: SimilarRequest): SearchResponse {
    const started = performance.now();
    const limit = Math.min(Math.max(1, request.limit ?? 50), MAX_LIMIT);
    const row = getFileRow(this.db, request.fileId);
    if (!row) throw notFound(`No file with id ${request.fileId}.`);
    const vector = this.features ? loadVector(this.db, request.fileId, 'features') : null;
    if (!vector || !this.features) {
      return { text: row.name, hits: [], total: 0, tookMs: 0, used: { keyword: false, neural: false } };
    }
    const allowed = allowedFileIds(this.db, request.filters);
    // With filters the neighbours are shortlisted as neural search hits are, then filtered.
    const neighbours = this.features.search(vector, allowed === null ? limit + 1 : Math.max(limit + 1, CANDIDATES));
    const page = neighbours
      .filter((hit) => hit.fileId !== request.fileId && (allowed === null || allowed.has(hit.fileId)))
      .slice(0, limit)
      .map((hit) => ({ fileId: hit.fileId, score: Math.max(0, 1 - hit.distance) }));
    const hits = this.hydrate(page, [], null);
    return {
      text: `like ${row.name}`,
      hits,
      total: hits.length,
      tookMs: elapsed(started),
      used: { keyword: false, neural: true },
    };
  }

  private hydrate(
    items: FusedHit[],
    terms: string[],
    neuralExplanation: ((fileId: number) => Partial<Explanation> | undefined) | null,
  ): SearchHit[] {
    const ids = items.map((item) => item.fileId);
    const rows = getFileRows(this.db, ids);
    const texts = terms.length ? indexedTexts(this.db, ids) : null;
    const categories = ucsOfMany(this.db, [...rows.values()], this.ucsTable);
    const fromModels = new Map(items.map((item) => [item.fileId, neuralExplanation?.(item.fileId)]));
    const stored = autoTagsOfMany(
      this.db,
      ids.filter((id) => !fromModels.get(id)?.tags?.length),
      5,
    );
    return items.flatMap((item) => {
      const row = rows.get(item.fileId);
      if (!row) return [];
      const fromModel = fromModels.get(item.fileId);
      const explanation: Explanation = {
        matchedTerms: texts ? matchedTerms(terms, texts.get(item.fileId)!) : [],
        keywordRank: item.keywordRank,
        neuralRank: item.neuralRank,
        tags: fromModel?.tags?.length ? fromModel.tags : (stored.get(item.fileId) ?? []),
        ucs: categories.get(item.fileId),
        factors: fromModel?.factors,
        segment: fromModel?.segment,
      };
      return [{ ...toSummary(row), score: item.score, explanation }];
    });
  }

  private sortBy(items: FusedHit[], sort: Exclude<SortKey, 'relevance'>, descending: boolean): FusedHit[] {
    const rows = getFileRows(
      this.db,
      items.map((item) => item.fileId),
    );
    const key = (row: FileRow | undefined): string | number =>
      !row
        ? ''
        : sort === 'name'
          ? row.name.toLowerCase()
          : sort === 'folder'
            ? row.folder.toLowerCase()
            : sort === 'duration'
              ? (row.duration ?? 0)
              : row.mtime_ms;
    const sorted = [...items].sort((a, b) => {
      const ka = key(rows.get(a.fileId));
      const kb = key(rows.get(b.fileId));
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    return descending ? sorted.reverse() : sorted;
  }
}

function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
