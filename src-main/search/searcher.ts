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
import { keywordRows, type KeywordAnswer } from '../store/keyword-index';
import { fileTagsOfMany } from '../store/tags';
import { SAMPLE_RATE, WINDOW_SAMPLES } from '../ml/efficientat';
import type { VectorIndex } from '../store/vector-index';
import { allowedFileIds, browseFileIds, countBrowsable } from '../store/file-filter';
import { DEFAULT_FUSION, fuse, neuralParts, type FusedHit, type FusionCandidate, type FusionSettings } from './fusion';
import { parseKeywordQuery } from './keyword-query';
import { groupWeights, lexicalMatches, weighedTerms, type LexicalMatch } from './lexical-score';
import { createLexicon, type Lexicon } from '../words/lexicon';
import type { NeuralResult, NeuralSearch } from './neural';
import type { UcsTable } from '../metadata/ucs';
import { ucsOfMany } from './ucs-of';
import { inThreadKeywordSearcher, type KeywordSearcher } from './keyword-thread';

const CANDIDATES = 1000;
/** Keyword hits scored per query without filters: the ones holding the query best, with their text. */
const KEYWORD_CANDIDATES = 300;
/** How many of the model's best files are checked for query words when the keyword candidates missed them. */
const NEURAL_WORD_CHECKS = 300;
const MAX_LIMIT = 10_000;
/** Tags a result carries to say what the file is (its row shows the first few). */
const FILE_TAGS = 5;

export class Searcher {
  /** How keyword and model scores combine (eval/tune-fusion.ts tries others on the dev libraries). */
  fusion: FusionSettings = DEFAULT_FUSION;

  constructor(
    private readonly db: Db,
    private readonly models: Partial<Record<SearchModel, NeuralSearch>> = {},
    private readonly ucsTable: UcsTable | null = null,
    /** The model a request without `model` uses (the searchModel setting). */
    private readonly preferred: () => SearchModel = () => 'label-bridge',
    private readonly keywords: KeywordSearcher = inThreadKeywordSearcher(db),
    /** Pooled audio features of every analysed file, for "more like this"; without it `similar` finds nothing. */
    private readonly features: VectorIndex | null = null,
    /** How query words are looked up: their stems and the UCS thesaurus. */
    private readonly lexicon: Lexicon = createLexicon(ucsTable),
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

    const query = text ? parseKeywordQuery(text, this.lexicon) : null;
    if (!query || (query.match === null && query.exclude !== null)) {
      // No words to look for: the library browsed in the order asked for, less the files holding a `-word` (a
      // query of `-kick` alone is everything but kicks). The count is of every file listed, not of this page.
      const exclude = query?.exclude ?? null;
      const descending = request.descending ?? false;
      const ids = browseFileIds(this.db, request.filters, sort, descending, offset + limit, exclude);
      const hits = this.hydrate(
        ids.slice(offset).map((fileId) => ({ fileId, score: 0, belowLine: false })),
        null,
        null,
      );
      const total = countBrowsable(this.db, request.filters, exclude);
      return { text, hits, total, tookMs: elapsed(started), used: { keyword: exclude !== null, neural: false } };
    }

    const allowed = allowedFileIds(this.db, request.filters);
    const pass = (id: number) => allowed === null || allowed.has(id);

    // The keyword search is asked first: on its own thread it runs while the model works on this one. Its best
    // KEYWORD_CANDIDATES hold the query best (more words first); with filters, more are asked for.
    const keywordRun =
      mode === 'neural'
        ? Promise.resolve(null)
        : this.keywords.search({
            match: query.match,
            exclude: query.exclude,
            // Never fewer than the page asked for: a long list (--limit 1000, a deep scroll) lists every match.
            limit: Math.max(allowed === null ? KEYWORD_CANDIDATES : CANDIDATES, offset + limit),
            terms: weighedTerms(query),
            groups: query.groupMatches,
            wordTerms: query.groups.flat().flatMap((term) => (term.kind === 'word' ? [term.text] : [])),
            countLater: true,
          });
    const run = mode === 'keyword' ? null : this.startNeural(text, request.model);
    keywordRun.catch(() => undefined); // awaited below, after the model has started

    const keywordAnswer = await keywordRun;
    const keywordHits = (keywordAnswer?.hits ?? []).filter((h) => pass(h.fileId));
    const weights = keywordAnswer ? groupWeights(query, keywordAnswer.files, keywordAnswer.holding) : [];
    const lexical = keywordAnswer ? lexicalMatches(query, keywordHits, weights) : new Map<number, LexicalMatch>();
    // Files holding query words beyond the candidates asked for (none with filters, which ask for more). A common
    // word's exact count is taken on the keyword thread while this one fuses and explains the hits.
    const uncountedRun = this.uncounted(keywordAnswer, allowed === null, query);
    uncountedRun.catch(() => undefined); // awaited last, after the model's part

    const answered = run ? await run : null;
    const model = answered?.model ?? null;
    const neural: NeuralResult | null = answered
      ? { ...answered.result, hits: answered.result.hits.filter((h) => pass(h.fileId)) }
      : null;
    const neuralPart = neuralParts(neural?.hits ?? [], modelConfidence(neural, this.fusion.fullStrength));

    // The model's best files that the keyword candidates missed may hold query words too (a common word has more
    // files than the candidates): they get their lexical part like any other.
    if (keywordAnswer && neural && query.groups.length) {
      const missed = neural.hits
        .slice(0, NEURAL_WORD_CHECKS)
        .map((hit) => hit.fileId)
        .filter((id) => !lexical.has(id));
      const rows = missed.length ? keywordRows(this.db, missed) : [];
      // Those holding none of the words are left out with the other keyword hits that hold none, below.
      for (const [fileId, match] of lexicalMatches(query, rows, weights)) lexical.set(fileId, match);
      keywordHits.push(...rows);
    }

    const candidates = new Map<number, FusionCandidate>();
    for (const hit of keywordHits) {
      const match = lexical.get(hit.fileId)!;
      if (match.held <= 0 && query.groups.length > 0) continue;
      candidates.set(hit.fileId, {
        fileId: hit.fileId,
        lexical: match,
        neural: neuralPart.get(hit.fileId),
        notAnalysed: hit.status === 'catalogued' || undefined,
        unreadable: hit.unreadable || undefined,
      });
    }
    for (const [fileId, part] of neuralPart) {
      if (!candidates.has(fileId)) candidates.set(fileId, { fileId, neural: part });
    }
    let fused = fuse([...candidates.values()], mode, this.fusion);
    const matches = fused.filter((hit) => !hit.belowLine).length;
    // The files the candidates left out hold query words too, and rank below the last keyword candidate: matches
    // when it is one.
    const lastKeyword = fused.findLast((hit) => hit.lexical !== undefined);
    const countsUncounted = lastKeyword !== undefined && !lastKeyword.belowLine;
    // Sorting by name, duration or date sorts the matches; the weaker ones stay below the line, best first.
    if (sort !== 'relevance') {
      fused = [...this.sortBy(fused.slice(0, matches), sort, request.descending ?? false), ...fused.slice(matches)];
    }

    const page = fused.slice(offset, offset + limit);
    const details =
      neural && model?.explain
        ? await model.explain(
            text,
            page.filter((h) => !h.unreadable).map((h) => h.fileId),
          )
        : null;
    const neuralById = new Map(neural?.hits.map((h) => [h.fileId, h]) ?? []);
    // The search's own hits carry what only it computes (the heads' factors); explain adds tags and segments.
    const hits = this.hydrate(
      page,
      (fileId) => lexical.get(fileId)?.matchedTerms ?? [],
      (fileId) => ({
        ...neuralById.get(fileId)?.explanation,
        ...defined(details?.get(fileId)),
      }),
    );
    const holdsAll = [...lexical.values()].some((match) => match.holdsAll);
    const uncounted = await uncountedRun;
    return {
      text,
      hits,
      total: matches + (countsUncounted ? uncounted : 0),
      belowLine: fused.length - matches,
      tookMs: elapsed(started),
      used: {
        keyword: mode !== 'neural',
        neural: neural !== null,
        model: neural ? (model!.id as SearchModel) : undefined,
      },
      soundUnavailable:
        mode !== 'keyword' && neural === null ? 'no sound model is installed (see Settings or hark info)' : undefined,
      // Files that contain every word of the query are a good match whatever the model thinks.
      noGoodMatch: neural?.noGoodMatch && (holdsAll ? { ...neural.noGoodMatch, flagged: false } : neural.noGoodMatch),
    };
  }

  /** How many files hold query words beyond the keyword hits: the exact count asked for when the answer gave a floor. */
  private async uncounted(
    answer: KeywordAnswer | null,
    unfiltered: boolean,
    query: { match: string | null; exclude: string | null },
  ): Promise<number> {
    if (!answer || !unfiltered) return 0;
    if (!answer.matchingIsFloor) return answer.matching - answer.hits.length;
    const counted = await this.keywords.search({
      match: query.match,
      exclude: query.exclude,
      limit: 0,
      terms: [],
      countOnly: true,
    });
    return Math.max(counted.matching, answer.hits.length) - answer.hits.length;
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
      .map((hit) => ({ fileId: hit.fileId, score: Math.max(0, 1 - hit.distance), belowLine: false }));
    const hits = this.hydrate(page, null, null);
    return {
      text: `like ${row.name}`,
      hits,
      total: hits.length,
      tookMs: elapsed(started),
      used: { keyword: false, neural: true },
    };
  }

  private hydrate(
    items: readonly FusedHit[],
    matchedTermsOf: ((fileId: number) => string[]) | null,
    neuralExplanation: ((fileId: number) => Partial<Explanation> | undefined) | null,
  ): SearchHit[] {
    const ids = items.map((item) => item.fileId);
    const rows = getFileRows(this.db, ids);
    const categories = ucsOfMany(this.db, [...rows.values()], this.ucsTable);
    const fromModels = new Map(items.map((item) => [item.fileId, neuralExplanation?.(item.fileId)]));
    const own = fileTagsOfMany(this.db, ids, FILE_TAGS, WINDOW_SAMPLES / SAMPLE_RATE);
    // Without the model's own explanation (a words-only match, "more like this"), what the tagger heard in the
    // file stands for it: AudioSet labels only, the UCS category being shown apart.
    const heard = (fileId: number) => (own.get(fileId) ?? []).filter((tag) => tag.source === 'audioset');
    return items.flatMap((item) => {
      const row = rows.get(item.fileId);
      if (!row) return [];
      const fromModel = fromModels.get(item.fileId);
      const explanation: Explanation = {
        matchedTerms: matchedTermsOf?.(item.fileId) ?? [],
        keywordRank: item.keywordRank,
        neuralRank: item.neuralRank,
        lexical: item.lexical,
        neural: item.neural,
        // Browsing and "more like this" mark them too: the player must never try a file it cannot decode.
        notAnalysed: item.notAnalysed ?? (row.status === 'catalogued' || undefined),
        unreadable: item.unreadable ?? ((row.status === 'failed' && row.error_stage !== 'analysis') || undefined),
        tags: fromModel?.tags?.length ? fromModel.tags : heard(item.fileId),
        fileTags: own.get(item.fileId) ?? [],
        ucs: categories.get(item.fileId),
        factors: fromModel?.factors,
        segment: fromModel?.segment,
      };
      const hit: SearchHit = { ...toSummary(row), score: item.score, explanation: defined(explanation) as Explanation };
      if (item.belowLine) hit.belowLine = true;
      return [hit];
    });
  }

  private sortBy(items: readonly FusedHit[], sort: Exclude<SortKey, 'relevance'>, descending: boolean): FusedHit[] {
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

/**
 * How sure the model is that its best file is a match at all, 0-1: its probability mass on the query's classes
 * (1 - the no-match score), full at `fullStrength`. Without a signal the model is taken at its word.
 */
function modelConfidence(result: NeuralResult | null, fullStrength: number): number {
  const signal = result?.noGoodMatch;
  if (!signal) return 1;
  return Math.min(1, Math.max(0, 1 - signal.score) / fullStrength);
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
