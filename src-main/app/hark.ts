import { cpus } from 'node:os';
import { EventEmitter } from 'node:events';
import type { HarkAdminApi, IndexRunSummary, SharedAnalysisSummary } from '../api/admin-contract';
import type {
  Caption,
  CaptionRequest,
  CaptionRunResult,
  Collection,
  CsvExport,
  DuplicatesRequest,
  DuplicatesResult,
  KeepDuplicateRequest,
  KeepDuplicateResult,
  FileDetails,
  FileMeta,
  UcsChoice,
  Spectrogram,
  HarkApi,
  HarkEvent,
  IndexProgress,
  LibraryInfo,
  MetaEdit,
  MetaEditResult,
  MetadataUndoRequest,
  MetadataUndoResult,
  Peaks,
  RenameApplyResult,
  RootRemoval,
  RenameUndoRequest,
  RenameUndoResult,
  SearchResponse,
  Settings,
  SimilarRequest,
  UcsRenameRequest,
  CatalogueStatus,
  SharedAnalysisProgress,
} from '../api/contract';
import { maskConnectionUrl } from '../base/connection-url';
import { badRequest, errorMessage, forbidden, notFound } from '../base/errors';
import { addLibraryRoot } from '../library/roots';
import { createAnalysisPool } from '../library/analysis-pool';
import type { Probe } from '../library/catalogue';
import { libraryCsv } from '../library/caption-export';
import { loadCaptionVocabulary, type CaptionVocabulary } from '../library/caption-vocabulary';
import { Indexer } from '../library/indexer';
import { undoWrites } from '../library/undoable-writes';
import { personCaptionState, personStateOf } from '../library/shared-captions';
import type { RecordOptions } from '../library/analysis-record';
import { copySharedResults } from '../library/shared-copy';
import { seatIndexing } from './seat-indexing';
import {
  ChangeFollower,
  copiedOutcomeSeq,
  setCopiedOutcomeSeq,
  queueSharedCaptionEdits,
  queueSharedCollectionEdit,
  queueSharedFavourite,
  queueSharedMove,
  queueSharedTagEdit,
  sendQueuedEdits,
  sharedLocation,
} from '../library/shared-edits';
import { queuedEditCount } from '../store/shared/outbox';
import { requireSharedSchema } from '../store/shared/schema';
import { readSeatConfig } from '../store/shared/seat-config';
import { watchFolders } from '../library/watch';
import { Searcher } from '../search/searcher';
import { createKeywordSearcher, type KeywordSearcher } from '../search/keyword-thread';
import type { UcsTable } from '../metadata/ucs';
import { ucsOf } from '../search/ucs-of';
import { featureVectors, loadPeaks } from '../store/analysis';
import { getCaption } from '../store/captions';
import * as collections from '../store/collections';
import { openDatabase, type Db } from '../store/database';
import {
  countFiles,
  getFileRow,
  getFileRowByPath,
  getFileRows,
  missingFileIds,
  readMetadata,
  setFavourite,
  setFavourites,
  toSummary,
} from '../store/files';
import { activeWritesOfBatch, lastActiveWriteBatch } from '../store/metadata-writes';
import { countFailures, listFailures } from '../store/problems';
import { useLexicon } from '../store/keyword-index';
import { listRoots } from '../store/roots';
import { createLexicon } from '../words/lexicon';
import { readNote, readSettings, writeNote, writeSettings } from '../store/settings';
import { autoTags, changeUserTags, setUserTags, userTags } from '../store/tags';
import { VectorIndex } from '../store/vector-index';
import { fileSpectrogram } from './spectrogram-view';
import { runCaptions } from './captioning';
import { findLibraryDuplicates, keepDuplicate } from './duplicates';
import { readFileMeta, writeFileMeta } from './file-meta';
import { absolutePath } from './request-paths';
import { regionAudio, type RegionAudio } from './region-export';
import { resolveMedia, type MediaFile } from './media';
import { decodePeaksBlob } from './peaks-blob';
import { DetailPeaksCache } from './detail-peaks';
import { loadModels, type LoadedModels } from './models';
import { applyUcsRenames, pathsRenamedBy, pathsUndoneBy, previewUcsRenames, undoUcsRenames } from './renaming';
import { RootRemovals } from './root-removal';
import { SharedAnalysis } from './shared-analysis';
import {
  connectCatalogue,
  grantCatalogueAccess,
  mapCatalogueRoot,
  openSeat,
  type SeatSession,
} from './shared-catalogue';
import { VERSION } from './version';

export interface HarkOptions {
  dbPath: string;
  modelsDir: string;
  probe: Probe;
  /** The UCS table, to name categories; without it CatIDs are shown bare. */
  ucsTable?: UcsTable | null;
  /** Worker threads for analysis; default: one per core. 0 analyses in this thread. */
  workers?: number;
  /** The trained heads' folder; default `<modelsDir>/hark-heads`. */
  headsDir?: string;
  /** Skip loading the text encoder and label bank (keyword search only): for quick CLI commands. */
  keywordOnly?: boolean;
  /**
   * A connection to `dbPath` opened by the caller, who goes on writing through it (the bench adds files the way the
   * indexer does). Hark closes it on close().
   */
  db?: Db;
}

/**
 * The core of Hark as one object implementing the typed API (and the administration side the CLI uses). Electron
 * IPC, HTTP and the CLI all call this; none of them reaches the library's database.
 */
export class Hark implements HarkApi, HarkAdminApi {
  readonly events = new EventEmitter();
  private readonly db: Db;
  private readonly indexer: Indexer;
  private readonly searcher: Searcher;
  private readonly keywords: KeywordSearcher;
  private vocabularyLoad: Promise<CaptionVocabulary> | null = null;
  private stopWatching: (() => void) | null = null;
  private models: LoadedModels;
  private provider = 'none';
  private readonly ucsTable: UcsTable | null;
  private readonly rootRemovals: RootRemovals;
  private readonly detailPeaks = new DetailPeaksCache();
  /** The shared catalogue, opened on the first edit or follow (null: the library has none). */
  private seat: Promise<SeatSession | null> | null = null;
  private follower: ChangeFollower | null = null;
  /** This process follows the catalogue while it runs (followCatalogue was called), whichever one it is tied to. */
  private followWanted = false;
  /** The edits on their way to the shared catalogue, one after another. */
  private sharing: Promise<void> = Promise.resolve();
  /** This process's shared analysis (the CLI's, or one Settings started), one at a time. */
  private readonly sharedAnalysis: SharedAnalysis;

  private constructor(
    private readonly options: HarkOptions,
    models: LoadedModels,
    db: Db,
  ) {
    this.db = db;
    this.models = models;
    this.ucsTable = options.ucsTable ?? null;
    const lexicon = createLexicon(this.ucsTable);
    // A library whose keyword rows an older Hark (or one without the UCS table) built gets them rebuilt once.
    useLexicon(db, lexicon, (files) => console.warn(`Hark: rebuilding the keyword index of ${files} files ...`));
    this.rootRemovals = new RootRemovals(db);
    this.indexer = new Indexer({
      db,
      probe: options.probe,
      ...recordOptions(models),
      openPool: () => this.openAnalysisPool(),
      seat: seatIndexing(
        db,
        () => this.openedSeat(),
        () => recordOptions(this.models),
      ),
    });
    this.indexer.on('progress', (progress: IndexProgress) => this.emit({ type: 'progress', progress }));
    this.indexer.on('library-changed', () => this.emit({ type: 'library-changed' }));
    this.keywords = createKeywordSearcher(db, options.dbPath);
    this.sharedAnalysis = new SharedAnalysis({
      db,
      probe: options.probe,
      openPool: () => this.openAnalysisPool(),
      recordOptions: () => recordOptions(this.models),
      emit: (progress) => this.emit({ type: 'shared-analysis', progress }),
      finished: () => {
        this.models.saveSearchCaches();
        this.emit({ type: 'library-changed' });
      },
    });
    const features = new VectorIndex(
      db,
      featureVectors(db),
      options.dbPath === ':memory:' ? null : `${options.dbPath}.features.usearch`,
    );
    this.searcher = new Searcher(
      db,
      models.neural,
      options.ucsTable ?? null,
      () => readSettings(db).searchModel,
      this.keywords,
      features,
      lexicon,
    );
  }

  /** Encoder threads for an analysis run (local or shared): made only when a run has files to analyse. */
  private openAnalysisPool() {
    const { options, models, db } = this;
    const settings = readSettings(db);
    const workers = options.workers ?? Math.max(1, cpus().length);
    const pool = createAnalysisPool(
      {
        modelsDir: options.modelsDir,
        modelId: models.audio.installed ? models.audio.id : null,
        extension: models.extension,
        provider: settings.executionProvider,
        threads: Math.max(1, Math.floor(cpus().length / Math.max(1, workers))),
      },
      workers,
    );
    void pool.provider().then((provider) => {
      this.provider = provider;
      // Other processes (`hark info` while `hark index` runs elsewhere) read it from the library.
      if (provider !== 'none') writeNote(db, 'executionProvider', provider);
    });
    void pool
      .problem()
      .then((problem) => problem && console.warn(`Hark: analysis runs without part of its models: ${problem}`));
    return pool;
  }

  static async open(options: HarkOptions): Promise<Hark> {
    const db = options.db ?? openDatabase(options.dbPath);
    const models = await loadModels(db, options.modelsDir, {
      textSide: !options.keywordOnly,
      headsDir: options.headsDir,
      headsIndexPath: options.dbPath === ':memory:' ? null : `${options.dbPath}.heads.usearch`,
      bridgeCachePath: options.dbPath === ':memory:' ? null : `${options.dbPath}.bridge-columns`,
    });
    return new Hark(options, models, db);
  }

  close(): void {
    this.sharedAnalysis.abandon();
    void this.closeSeat();
    void this.unwatchRoots();
    this.indexer.cancel();
    this.keywords.close();
    this.db.close();
  }

  onEvent(listener: (event: HarkEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  private emit(event: HarkEvent): void {
    this.events.emit('event', event);
  }

  /** Runs a whole index pass and resolves when it ends (the CLI's `hark index`). */
  async runIndexing({ analyse = true }: { analyse?: boolean }): Promise<IndexRunSummary> {
    const summary = await this.indexer.run(analyse);
    this.models.saveSearchCaches();
    return summary;
  }

  /** runIndexing, for in-process callers (tests, bench) that need no request object. */
  indexNow(analyse = true): Promise<IndexRunSummary> {
    return this.runIndexing({ analyse });
  }

  async watchRoots(_req: Record<string, never> = {}): Promise<{ folders: number }> {
    await this.unwatchRoots();
    const folders = listRoots(this.db).map((root) => root.path);
    this.stopWatching = await watchFolders(folders, () => this.emit({ type: 'roots-changed' }));
    return { folders: folders.length };
  }

  async unwatchRoots(_req: Record<string, never> = {}): Promise<{ stopped: boolean }> {
    const stop = this.stopWatching;
    this.stopWatching = null;
    stop?.();
    return { stopped: stop !== null };
  }

  // --- shared catalogue (issue 16) ---------------------------------------------------------------------------

  async connectCatalogue(req: { url: string; seat?: string }) {
    const connection = await connectCatalogue(this.db, req);
    await this.reopenSeat();
    return connection;
  }

  async mapCatalogueRoot(req: { folder: string; name: string }) {
    const mapping = await mapCatalogueRoot(this.db, req);
    await this.reopenSeat();
    return mapping;
  }

  /**
   * After the seat's record changed (another server, a folder mapped): the open connection and the follower read
   * the old one, so both start again; a process that follows (hark serve, the app) follows the new one at once.
   */
  private async reopenSeat(): Promise<void> {
    await this.closeSeat();
    if (this.followWanted) await this.followCatalogue({});
  }

  /**
   * For Settings: the catalogue and this seat, and whether the server answers (the follower's word while it runs,
   * else a question to the server now).
   */
  async getCatalogueStatus(_req: Record<string, never> = {}): Promise<CatalogueStatus> {
    const config = readSeatConfig(this.db);
    const waitingEdits = queuedEditCount(this.db);
    if (!config) return { connected: false, waitingEdits, roots: [] };
    const status = {
      connected: true,
      url: maskConnectionUrl(config.url),
      seat: config.seat,
      roots: config.roots.map((root) => ({ folder: root.localPath, name: root.name })),
      waitingEdits,
    };
    try {
      const seat = await this.openedSeat();
      if (this.follower && !this.follower.online) throw new Error('the change feed is down; retrying');
      if (seat) await requireSharedSchema(seat.shared);
      const analysis = await this.sharedAnalysis.progress(seat?.shared, seat?.config);
      return { ...status, access: seat?.config.access ?? config.access ?? 'editor', online: true, analysis };
    } catch (error) {
      const analysis = await this.sharedAnalysis.progress();
      return { ...status, access: config.access ?? 'editor', online: false, problem: errorMessage(error), analysis };
    }
  }

  grantCatalogueAccess(req: { role: string; access: 'editor' | 'reader' }) {
    return grantCatalogueAccess(this.db, req);
  }

  /** This seat's share of the shared analysis, then the other seats' results copied in; search stays local. */
  async analyseShared({ leaseSeconds = 60 }: { leaseSeconds?: number }): Promise<SharedAnalysisSummary> {
    this.refuseWhileIndexing();
    return this.sharedAnalysis.analyse(leaseMs(leaseSeconds));
  }

  /** The same run as analyseShared, in the background (Settings' "Analyse with the other seats"). */
  async startSharedAnalysis({ leaseSeconds = 60 }: { leaseSeconds?: number }): Promise<SharedAnalysisProgress> {
    if (this.sharedAnalysis.running) return this.sharedAnalysis.progress();
    this.refuseWhileIndexing();
    return this.sharedAnalysis.start(leaseMs(leaseSeconds));
  }

  stopSharedAnalysis(_req: Record<string, never> = {}): Promise<SharedAnalysisProgress> {
    return this.sharedAnalysis.stop();
  }

  /** One analysis of the library at a time: a local index run and a shared one would catalogue the same folders. */
  private refuseWhileIndexing(): void {
    if (['catalogue', 'analysis', 'pausing', 'paused'].includes(this.indexer.progress().phase))
      throw badRequest('the library is being indexed here: let that run end (or cancel it) first');
  }

  /** The bytes a client may stream for a library file: how HTTP `/media/<id>` and `hark-media://` find them. */
  media(fileId: number): Promise<MediaFile> {
    return resolveMedia(this.db, fileId);
  }

  /** A stretch of a library file as a WAV of its own (the player's export and drag-out of a selection). */
  regionAudio(fileId: number, start: number, end: number): Promise<RegionAudio> {
    return regionAudio(this.db, fileId, start, end);
  }

  // --- search -------------------------------------------------------------------------------------------------

  search(req: Parameters<HarkApi['search']>[0]): Promise<SearchResponse> {
    return this.searcher.search(req);
  }

  async similar(req: SimilarRequest): Promise<SearchResponse> {
    return this.searcher.similar(req);
  }

  // --- library ------------------------------------------------------------------------------------------------

  async listRoots() {
    return listRoots(this.db);
  }

  async addRoot({ path, merge }: { path: string; merge?: boolean }) {
    const root = await addLibraryRoot(this.db, path, { merge });
    this.emit({ type: 'library-changed' });
    return root;
  }

  async removeRoot(req: { path: string; confirm?: string }): Promise<RootRemoval> {
    const removal = await this.rootRemovals.remove(req);
    if (removal.removed) this.emit({ type: 'library-changed' });
    return removal;
  }

  async startIndexing({ analyse = true }: { analyse?: boolean }) {
    if (this.sharedAnalysis.running)
      throw badRequest('the library is being analysed with the other seats: stop that first (Settings)');
    void this.indexer
      .run(analyse)
      .then(() => this.models.saveSearchCaches())
      .catch((error) => this.events.emit('error', error));
    return this.indexer.progress();
  }

  async pauseIndexing() {
    this.indexer.pause();
    return this.indexer.progress();
  }

  async resumeIndexing() {
    this.indexer.resume();
    return this.indexer.progress();
  }

  async cancelIndexing() {
    this.indexer.cancel();
    return this.indexer.progress();
  }

  async getProgress() {
    return this.indexer.progress();
  }

  async listFailures({ limit, offset = 0 }: { limit?: number; offset?: number }) {
    if ((limit ?? 0) < 0 || offset < 0) throw badRequest('limit and offset cannot be negative');
    const failures = listFailures(this.db, { limit, offset });
    const total = countFailures(this.db);
    const end = offset + failures.length;
    return { failures, total, next: end < total ? end : null };
  }

  // --- files --------------------------------------------------------------------------------------------------

  async getFile({ fileId }: { fileId: number }): Promise<FileDetails> {
    const row = getFileRow(this.db, fileId);
    if (!row) throw notFound(`No file with id ${fileId}.`);
    return {
      ...toSummary(row),
      codec: row.codec,
      error: row.error,
      metadata: readMetadata(this.db, fileId),
      tags: autoTags(this.db, fileId, 12),
      userTags: userTags(this.db, fileId),
      ucs: ucsOf(this.db, fileId, this.ucsTable),
      caption: captionInfo(getCaption(this.db, fileId)),
      collections: collections.collectionsOf(this.db, fileId),
    };
  }

  async getPeaks({ fileId, rate }: { fileId: number; rate?: number }): Promise<Peaks> {
    const row = getFileRow(this.db, fileId);
    if (!row) throw notFound(`No file with id ${fileId}.`);
    const stored = loadPeaks(this.db, fileId);
    if (!stored) throw notFound(`${row.name} has no waveform yet: it has not been analysed.`);
    const duration = row.duration ?? 0;
    if (rate !== undefined && rate > stored.rate) {
      // A finer level, from the file itself: only one that still lies in a library root (as for streaming).
      const media = await resolveMedia(this.db, fileId);
      const source = { fileId, path: media.path, sampleRate: row.sample_rate ?? 0, duration, modifiedMs: row.mtime_ms };
      const detail = await this.detailPeaks.get(source, rate);
      if (detail && detail.rate > stored.rate) return { fileId, duration, ...detail };
    }
    return { fileId, duration, rate: stored.rate, data: decodePeaksBlob(stored.peaks) };
  }

  async getSpectrogram({ fileId }: { fileId: number }): Promise<Spectrogram> {
    const row = getFileRow(this.db, fileId);
    if (!row) throw notFound(`No file with id ${fileId}.`);
    if (row.status === 'failed' && row.error_stage !== 'analysis')
      throw badRequest(`${row.name} cannot be decoded, so it has no spectrogram.`);
    return fileSpectrogram(fileId, row.path);
  }

  async setUserTags({ fileId, tags }: { fileId: number; tags: string[] }) {
    const row = getFileRow(this.db, fileId);
    if (!row) throw notFound(`No file with id ${fileId}.`);
    this.refuseReadOnlyEdit([row.path]);
    const before = userTags(this.db, fileId);
    setUserTags(this.db, fileId, tags);
    this.shareTagEdits([{ path: row.path, before, after: userTags(this.db, fileId) }]);
    return this.getFile({ fileId });
  }

  async setFavourite({ fileId, favourite }: { fileId: number; favourite: boolean }) {
    const row = getFileRow(this.db, fileId);
    if (!row) throw notFound(`No file with id ${fileId}.`);
    setFavourite(this.db, fileId, favourite);
    this.shareFavourites([row.path], favourite);
    return this.getFile({ fileId });
  }

  async tagFiles({ fileIds, add = [], remove = [] }: { fileIds: number[]; add?: string[]; remove?: string[] }) {
    const missing = missingFileIds(this.db, fileIds);
    const present = fileIds.filter((id) => !missing.includes(id));
    const rows = getFileRows(this.db, present);
    this.refuseReadOnlyEdit(present.map((id) => rows.get(id)!.path));
    const before = new Map(present.map((id) => [id, userTags(this.db, id)]));
    const changed = changeUserTags(this.db, present, add, remove);
    this.shareTagEdits(
      present.map((id) => ({ path: rows.get(id)!.path, before: before.get(id)!, after: userTags(this.db, id) })),
    );
    return { changed, missing };
  }

  // --- shared catalogue: tags (issue 16) -------------------------------------------------------------------

  private openedSeat(): Promise<SeatSession | null> {
    // A failed open is not kept: the server may be back by the next edit.
    return (this.seat ??= openSeat(this.db).catch((error) => {
      this.seat = null;
      throw error;
    }));
  }

  /**
   * A reader's seat does not change the shared files' tags or collections: refused before anything changes here,
   * since an edit kept only on this seat would part its copy from the catalogue for good. Its own files outside the
   * shared folders are its own.
   */
  private refuseReadOnlyEdit(
    paths: string[],
    what: 'tags' | 'collections' | 'captions and categories' | 'names' = 'tags',
  ): void {
    const config = readSeatConfig(this.db);
    if (config?.access !== 'reader' || !paths.some((path) => sharedLocation(config, path))) return;
    throw forbidden(
      `this seat reads the shared catalogue at ${maskConnectionUrl(config.url)} but may not change it: ` +
        `${what} of its shared files are edited on an editor seat`,
    );
  }

  /**
   * Keeps this seat's tag edits for the shared catalogue, when the library has one, and sends them. The local edit
   * stands whatever happens, and the caller never waits on the server (or on its connection timeout when it is
   * away): what cannot be sent now waits in the library and goes with the next send, in the order it was made.
   */
  private shareTagEdits(edits: { path: string; before: string[]; after: string[] }[]): void {
    const config = readSeatConfig(this.db);
    if (!config) return;
    const queued = edits.filter((edit) => queueSharedTagEdit(this.db, config, edit.path, edit.before, edit.after));
    if (queued.length) void this.sendEdits();
  }

  /**
   * A favourite is its person's own: it goes to the shared catalogue under their login (their other seats follow
   * it). A reader's login may not write there, so a reader's favourites stay on this seat.
   */
  private shareFavourites(paths: string[], favourite: boolean): void {
    const config = readSeatConfig(this.db);
    if (!config || config.access === 'reader') return;
    const queued = paths.filter((path) => queueSharedFavourite(this.db, config, path, favourite));
    if (queued.length) void this.sendEdits();
  }

  /** Sends the waiting edits; one send at a time, so that none goes twice or out of order. */
  private sendEdits(): Promise<void> {
    this.sharing = this.sharing.then(async () => {
      if (!this.db.open) return;
      try {
        const seat = await this.openedSeat();
        if (seat) await sendQueuedEdits(this.db, seat.shared, seat.config.seat);
      } catch (error) {
        const waiting = this.db.open ? queuedEditCount(this.db) : 0;
        console.warn(
          `Hark: ${waiting} edit${waiting === 1 ? '' : 's'} kept here until the shared catalogue is back: ` +
            (error instanceof Error ? error.message : String(error)),
        );
      }
    });
    return this.sharing;
  }

  /**
   * Follows the other seats' tag edits into this library (`hark serve` and the app do, for as long as they run).
   * `online` is false while the server is out of reach: the follower keeps trying, and this seat searches its copy.
   */
  async followCatalogue(_req: Record<string, never> = {}): Promise<{ following: boolean; online: boolean }> {
    this.followWanted = true;
    if (!readSeatConfig(this.db)) return { following: false, online: false };
    if (!this.follower) {
      this.follower = new ChangeFollower(
        this.db,
        async () => {
          const seat = await this.openedSeat();
          if (!seat) throw new Error('this library has no shared catalogue any more');
          return seat;
        },
        () => this.sendEdits(),
        () => this.emit({ type: 'library-changed' }),
        () => this.copyFollowedResults(),
        this.ucsTable,
      );
      await this.follower.start();
    }
    return { following: true, online: this.follower.online };
  }

  /**
   * While following: the results the other seats' analysis added since the last copy, for files catalogued here
   * (one this seat has not catalogued yet is copied by its next `hark catalogue analyse`, which compares them all).
   */
  private async copyFollowedResults(): Promise<void> {
    const seat = await this.openedSeat();
    if (!seat || !this.db.open) return;
    const since = copiedOutcomeSeq(this.db);
    const { models } = this;
    const { copied, lastSeq } = await copySharedResults(
      {
        db: this.db,
        shared: seat.shared,
        ...recordOptions(models),
      },
      new Map(seat.config.roots.map((root) => [root.sharedRootId, root.localPath])),
      since,
    );
    if (!this.db.open) return;
    if (lastSeq !== since) setCopiedOutcomeSeq(this.db, lastSeq);
    if (copied) this.emit({ type: 'library-changed' });
  }

  private async closeSeat(): Promise<void> {
    // The follower first: its catch-ups send edits too.
    await this.follower?.stop();
    this.follower = null;
    await this.sharing;
    const seat = this.seat;
    this.seat = null;
    const opened = await seat?.catch(() => null);
    await opened?.close();
  }

  async setFavourites({ fileIds, favourite }: { fileIds: number[]; favourite: boolean }) {
    const missing = missingFileIds(this.db, fileIds);
    const changed = setFavourites(this.db, fileIds, favourite);
    const rows = getFileRows(
      this.db,
      fileIds.filter((id) => !missing.includes(id)),
    );
    this.shareFavourites(
      [...rows.values()].map((row) => row.path),
      favourite,
    );
    return { changed, missing };
  }

  async listCollections(): Promise<Collection[]> {
    return collections.listCollections(this.db);
  }

  async createCollection({ name }: { name: string }) {
    return collections.createCollection(this.db, name.trim() || 'Untitled');
  }

  async deleteCollection({ id }: { id: number }) {
    const collection = collections.getCollection(this.db, id);
    if (collection) {
      const members = [...getFileRows(this.db, collections.collectionFiles(this.db, id)).values()];
      this.refuseReadOnlyEdit(
        members.map((row) => row.path),
        'collections',
      );
      this.shareCollectionEdits(
        members.map((row) => row.path),
        { removed: [collection.name] },
      );
    }
    return { removed: collections.deleteCollection(this.db, id) };
  }

  async addToCollection({ id, fileIds }: { id: number; fileIds: number[] }) {
    const collection = this.requireCollection(id);
    const rows = [...getFileRows(this.db, fileIds).values()];
    this.refuseReadOnlyEdit(
      rows.map((row) => row.path),
      'collections',
    );
    const before = new Set(collections.collectionFiles(this.db, id));
    collections.addToCollection(
      this.db,
      id,
      rows.map((row) => row.id),
    );
    const joined = rows.filter((row) => !before.has(row.id)).map((row) => row.path);
    this.shareCollectionEdits(joined, { added: [collection.name] });
    return collections.getCollection(this.db, id)!;
  }

  async removeFromCollection({ id, fileIds }: { id: number; fileIds: number[] }) {
    const collection = this.requireCollection(id);
    const members = new Set(collections.collectionFiles(this.db, id));
    const rows = [
      ...getFileRows(
        this.db,
        fileIds.filter((fileId) => members.has(fileId)),
      ).values(),
    ];
    this.refuseReadOnlyEdit(
      rows.map((row) => row.path),
      'collections',
    );
    collections.removeFromCollection(this.db, id, fileIds);
    this.shareCollectionEdits(
      rows.map((row) => row.path),
      { removed: [collection.name] },
    );
    return collections.getCollection(this.db, id)!;
  }

  private requireCollection(id: number): Collection {
    const collection = collections.getCollection(this.db, id);
    if (!collection) throw notFound(`No collection with id ${id}.`);
    return collection;
  }

  /** Collections are the team's on a shared catalogue: which shared files joined or left one, by its name. */
  private shareCollectionEdits(paths: string[], edit: { added?: string[]; removed?: string[] }): void {
    const config = readSeatConfig(this.db);
    if (!config) return;
    const queued = paths.filter((path) => queueSharedCollectionEdit(this.db, config, path, edit));
    if (queued.length) void this.sendEdits();
  }

  // --- captions, renames, metadata ----------------------------------------------------------------------------

  /** Caption and rename text come from the models folder's label data; read once, on first use. */
  private vocabulary(): Promise<CaptionVocabulary> {
    return (this.vocabularyLoad ??= loadCaptionVocabulary(this.options.modelsDir));
  }

  async caption(req: CaptionRequest): Promise<CaptionRunResult> {
    const vocabulary = await this.vocabulary();
    const replaced = req.overwrite ? this.replacedPersonCaptions(vocabulary.ucs) : null;
    const result = await runCaptions(
      this.db,
      vocabulary,
      req,
      (progress) => this.emit({ type: 'caption-progress', progress }),
      replaced?.onSaved,
    );
    // What the pass queued: the clearing of the person captions it replaced, the rewrites of the files it wrote.
    if (replaced?.queued() || (readSeatConfig(this.db) && queuedEditCount(this.db) > 0)) void this.sendEdits();
    this.emit({ type: 'library-changed' });
    return result;
  }

  /**
   * A pass told to overwrite replaces a person's captions with Hark's: on the shared catalogue they are cleared, as
   * by an undo. Kept as each caption is stored, from the caption it replaced, so that another seat's caption applied
   * here during the pass is not taken for this seat's edit. (Hark's own captions are not sent.)
   */
  private replacedPersonCaptions(table: UcsTable | null) {
    const config = readSeatConfig(this.db);
    if (!config || config.access === 'reader') return null;
    let queued = 0;
    return {
      onSaved: (before: Caption | null, after: Caption) => {
        const row = getFileRow(this.db, after.fileId);
        const states = [personStateOf(this.db, before, table), personStateOf(this.db, after, table)] as const;
        if (row && queueSharedCaptionEdits(this.db, config, row.path, ...states)) queued++;
      },
      queued: () => queued > 0,
    };
  }

  async previewUcsRenames(req: UcsRenameRequest) {
    return previewUcsRenames(this.db, await this.vocabulary(), req);
  }

  async applyUcsRenames(req: UcsRenameRequest): Promise<RenameApplyResult> {
    const vocabulary = await this.vocabulary();
    if (readSeatConfig(this.db)?.access === 'reader')
      this.refuseReadOnlyEdit(pathsRenamedBy(this.db, vocabulary, req), 'names');
    const sharing = this.sharingRenames();
    const result = await applyUcsRenames(this.db, vocabulary, req, sharing.onRenamed);
    if (result.renamed.length) this.emit({ type: 'library-changed' });
    sharing.send();
    return result;
  }

  async undoRenames(req: RenameUndoRequest): Promise<RenameUndoResult> {
    const vocabulary = await this.vocabulary();
    if (readSeatConfig(this.db)?.access === 'reader') this.refuseReadOnlyEdit(pathsUndoneBy(this.db, req), 'names');
    const sharing = this.sharingRenames();
    const result = await undoUcsRenames(this.db, vocabulary, req, sharing.onRenamed);
    if (result.undone.length) this.emit({ type: 'library-changed' });
    sharing.send();
    return result;
  }

  /**
   * Hark's renames of shared files go to the shared catalogue as moves, queued with each rename, so that the
   * server's row keeps the file's results and edits instead of the next pass registering a new file.
   */
  private sharingRenames(): { onRenamed: (from: string, to: string) => void; send: () => void } {
    const config = readSeatConfig(this.db);
    let queued = 0;
    return {
      onRenamed: (from, to) => {
        if (config && queueSharedMove(this.db, config, from, to)) queued++;
      },
      send: () => {
        if (queued) void this.sendEdits();
      },
    };
  }

  async undoMetadataWrites(req: MetadataUndoRequest): Promise<MetadataUndoResult> {
    const table = (await this.vocabulary()).ucs;
    // The undo gives the files' captions back as they were: a person's edit undone is a change of the catalogue.
    const batch = req.batch ?? lastActiveWriteBatch(this.db, req.kind);
    const writes = batch === null ? [] : activeWritesOfBatch(this.db, batch);
    this.refuseReadOnlyEdit(
      writes.filter((write) => write.kind === 'edit').map((write) => write.path),
      'captions and categories',
    );
    const fileIds = writes.flatMap((write) => (write.fileId === null ? [] : [write.fileId]));
    const result = await this.sharingCaptions(fileIds, table, () => undoWrites(this.db, req, table));
    if (result.undone.length) this.emit({ type: 'library-changed' });
    return result;
  }

  async getMeta({ fileId }: { fileId: number }): Promise<FileMeta> {
    return this.readFileMeta({ path: this.requireFile(fileId).path });
  }

  async setMeta({ fileId, ...edit }: { fileId: number } & MetaEdit): Promise<MetaEditResult> {
    return this.writeFileMeta({ path: this.requireFile(fileId).path, ...edit });
  }

  async listUcsCategories(_req: Record<string, never> = {}): Promise<UcsChoice[]> {
    const table = (await this.vocabulary()).ucs;
    return (table?.entries ?? []).map(({ catId, category, subCategory }) => ({ catId, category, subCategory }));
  }

  async readFileMeta({ path }: { path: string }): Promise<FileMeta> {
    return readFileMeta(this.db, await this.vocabulary(), path);
  }

  async writeFileMeta({ path, ...edit }: { path: string } & MetaEdit): Promise<MetaEditResult> {
    const vocabulary = await this.vocabulary();
    const file = absolutePath(path, 'path');
    this.refuseReadOnlyEdit([file], 'captions and categories');
    const row = getFileRowByPath(this.db, file);
    const result = await this.sharingCaptions(row ? [row.id] : [], vocabulary.ucs, () =>
      writeFileMeta(this.db, vocabulary, file, edit),
    );
    if (result.fileId !== null) this.emit({ type: 'library-changed' });
    return result;
  }

  /**
   * Runs a person's edit of files' captions (or its undo) and keeps for the shared catalogue what it changed of the
   * shared files' person captions and categories, then sends it. Hark's own captions stay each seat's.
   */
  private async sharingCaptions<T>(fileIds: number[], table: UcsTable | null, edit: () => Promise<T>): Promise<T> {
    const config = readSeatConfig(this.db);
    if (!config || config.access === 'reader') return edit();
    const ids = [...getFileRows(this.db, fileIds).values()]
      .filter((row) => sharedLocation(config, row.path))
      .map((row) => row.id);
    const before = new Map(ids.map((id) => [id, personCaptionState(this.db, id, table)]));
    const result = await edit();
    let queued = 0;
    for (const id of ids) {
      const row = getFileRow(this.db, id);
      const after = row && personCaptionState(this.db, id, table);
      if (after && queueSharedCaptionEdits(this.db, config, row.path, before.get(id)!, after)) queued++;
    }
    // The rewrites of the files the edit wrote were queued with them (caption-refresh.ts).
    if (queued || queuedEditCount(this.db) > 0) void this.sendEdits();
    return result;
  }

  async exportCsv(): Promise<CsvExport> {
    return { csv: libraryCsv(this.db, await this.vocabulary()), files: countFiles(this.db).files };
  }

  // --- duplicates ---------------------------------------------------------------------------------------------

  findDuplicates(req: DuplicatesRequest): Promise<DuplicatesResult> {
    return findLibraryDuplicates(this.db, req);
  }

  async keepDuplicate(req: KeepDuplicateRequest): Promise<KeepDuplicateResult> {
    const result = keepDuplicate(this.db, req);
    this.emit({ type: 'library-changed' });
    return result;
  }

  private requireFile(fileId: number) {
    const row = getFileRow(this.db, fileId);
    if (!row) throw notFound(`No file with id ${fileId}.`);
    return row;
  }

  // --- info and settings --------------------------------------------------------------------------------------

  async getInfo(): Promise<LibraryInfo> {
    const counts = countFiles(this.db);
    return {
      version: VERSION,
      dbPath: this.options.dbPath,
      roots: listRoots(this.db).length,
      ...counts,
      model: this.models.audio,
      textModel: this.models.text,
      heads: this.models.heads.info,
      searchModel: readSettings(this.db).searchModel,
      executionProvider: this.activeProvider(),
    };
  }

  /** The provider running the encoder now, else the one the last analysis used, with the setting that chose it. */
  private activeProvider(): string {
    if (!this.models.audio.installed) return 'none (no audio model)';
    const setting = readSettings(this.db).executionProvider;
    if (this.provider !== 'none') return `${this.provider} (setting: ${setting})`;
    const last = readNote(this.db, 'executionProvider');
    return last ? `${last} (last analysis; setting: ${setting})` : `not started yet (setting: ${setting})`;
  }

  async getSettings(): Promise<Settings> {
    return readSettings(this.db);
  }

  async setSettings(changes: Partial<Settings>): Promise<Settings> {
    return writeSettings(this.db, changes);
  }
}

function leaseMs(leaseSeconds: number): number {
  if (!(leaseSeconds > 0)) throw badRequest('leaseSeconds must be above 0');
  return leaseSeconds * 1000;
}

function captionInfo(caption: Caption | null): FileDetails['caption'] {
  if (!caption) return undefined;
  return {
    description: caption.description,
    keywords: caption.keywords,
    catId: caption.catId,
    source: caption.source,
    loop: caption.measured.loop,
    loudnessLufs: caption.measured.loudnessLufs,
    centroidHz: caption.measured.centroidHz,
    writtenAt: caption.writtenAt,
  };
}

/** How analysis results are keyed and tagged with these models: the indexer, shared analysis and copies agree. */
function recordOptions(models: Hark['models']): RecordOptions {
  return {
    analysisKey: models.analysisKey,
    modelId: models.audio.id,
    extensionKey: models.extension?.key,
    analysisKeyWithoutExtension: models.analysisKeyWithoutExtension,
    autoTags: models.autoTags ?? undefined,
  };
}
