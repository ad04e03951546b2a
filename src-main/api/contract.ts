// The one typed API of Hark. Electron IPC, the HTTP mode (`hark serve`) and the CLI all speak it.
// This file holds types, the closed lists of values (`as const` arrays: each enum's type derives from its list, and
// so do validation and the CLI's option checks) and the list of method names: the renderer imports it without
// pulling in any main-process code.

export const AUDIO_FORMATS = ['wav', 'aiff', 'flac', 'mp3', 'ogg', 'opus', 'm4a', 'unknown'] as const;
export type AudioFormat = (typeof AUDIO_FORMATS)[number];

export const ANALYSIS_STATUSES = ['catalogued', 'analysed', 'failed'] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];

export const SEARCH_MODES = ['fused', 'keyword', 'neural'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

/**
 * Which neural model ranks: the zero-shot label bridge (default: best on the dev set) or the trained heads
 * (THA + DCR/CA + DiffATR, when `npm run train` has installed them), whose results carry per-factor explanations.
 */
export const SEARCH_MODELS = ['label-bridge', 'hark-heads'] as const;
export type SearchModel = (typeof SEARCH_MODELS)[number];

export const SORT_KEYS = ['relevance', 'name', 'duration', 'folder', 'modified'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const TAG_SOURCES = ['audioset', 'ucs', 'user'] as const;
export type TagSource = (typeof TAG_SOURCES)[number];

/** Where a file's UCS category came from: its name, its metadata, the model's suggestion, or a person. */
export const CATEGORY_SOURCES = ['filename', 'metadata', 'model', 'person'] as const;
export type CategorySource = (typeof CATEGORY_SOURCES)[number];

/** 'pausing': asked to pause, the files in hand still being finished; 'paused' once nothing runs. */
export const INDEX_PHASES = ['idle', 'catalogue', 'analysis', 'pausing', 'paused', 'cancelled', 'done'] as const;
export type IndexPhase = (typeof INDEX_PHASES)[number];

export const FAILURE_STAGES = ['scan', 'catalogue', 'decode', 'analysis'] as const;
export type FailureStage = (typeof FAILURE_STAGES)[number];

/** A caption is Hark's own ('auto') or a person's text, which no caption pass replaces unless told to. */
export const CAPTION_SOURCES = ['auto', 'person'] as const;
export type CaptionSource = (typeof CAPTION_SOURCES)[number];

/** What a UCS rename would do: rename, nothing (already so named), or refuse (the new name is taken). */
export const RENAME_STATUSES = ['ready', 'unchanged', 'target-exists', 'duplicate-target'] as const;
export type RenameStatus = (typeof RENAME_STATUSES)[number];

/** Exact: the same decoded audio whatever the container and tags; near: the same sound re-encoded, trimmed or re-levelled. */
export const DUPLICATE_KINDS = ['exact', 'near'] as const;
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number];

/** The collection "keep this one" puts a group's other files in: Hark never deletes or changes audio files. */
export const DUPLICATES_COLLECTION = 'Duplicates to remove';

export const EXECUTION_PROVIDERS = ['auto', 'cpu', 'cuda', 'dml', 'coreml'] as const;
export type ExecutionProvider = (typeof EXECUTION_PROVIDERS)[number];

export const THEMES = ['dark', 'light'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * Where this seat's share of a shared analysis stands: `cataloguing` its mapped folders, `analysing` the files it
 * claims, `copying` the other seats' results in, `stopping` (the files in hand finish); then how it ended.
 */
export const SHARED_ANALYSIS_PHASES = [
  'idle',
  'cataloguing',
  'analysing',
  'copying',
  'stopping',
  'done',
  'stopped',
  'failed',
] as const;
export type SharedAnalysisPhase = (typeof SHARED_ANALYSIS_PHASES)[number];

export const API_ERROR_CODES = ['bad-request', 'not-found', 'forbidden', 'unavailable', 'internal'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface SearchFilters {
  /** Absolute folder; only files at or below it. */
  folder?: string;
  formats?: AudioFormat[];
  minDuration?: number;
  maxDuration?: number;
  sampleRates?: number[];
  channels?: number[];
  /** Every listed tag (user tag or auto tag label) must be present. */
  tags?: string[];
  /** UCS CatID (e.g. "FOOTStep") or category name (e.g. "FOOTSTEPS"). */
  ucsCategory?: string;
  favouritesOnly?: boolean;
  collectionId?: number;
}

export interface SearchRequest {
  text: string;
  limit?: number;
  offset?: number;
  mode?: SearchMode;
  /** Default: the searchModel setting. */
  model?: SearchModel;
  filters?: SearchFilters;
  sort?: SortKey;
  descending?: boolean;
}

export interface TagScore {
  label: string;
  score: number;
  source: TagSource;
}

export interface UcsInfo {
  catId: string;
  category: string;
  subCategory: string;
  /** 1 when read from the file name or metadata or set by a person, the model's confidence when suggested. */
  confidence: number;
  source: CategorySource;
}

export interface FactorExplanation {
  name: string;
  confidence: number;
  similarity: number;
}

export interface Segment {
  start: number;
  end: number;
  score: number;
}

export interface Explanation {
  /** Query words found in the file's name, folder or metadata (as typed, whether found exactly or by a form). */
  matchedTerms: string[];
  /** Where each part of the score came from. */
  keywordRank?: number;
  neuralRank?: number;
  /** 0-1: how much of the query the file's words hold (exact words count most, stems and parts less, synonyms least). */
  lexical?: number;
  /** 0-1: how strongly the model heard the query in the file (relative to its best, times its confidence). */
  neural?: number;
  /** Not analysed yet: ranked by its words alone. */
  notAnalysed?: boolean;
  /** Its audio could not be decoded: listed last and not playable. */
  unreadable?: boolean;
  /** The tags behind this match: the model's classes that carried the query, or the file's strongest when none did. */
  tags: TagScore[];
  /** What the file is, whatever the query: the person's tags, then the tagger's strongest labels with their probability. */
  fileTags?: TagScore[];
  ucs?: UcsInfo;
  factors?: FactorExplanation[];
  segment?: Segment;
}

export interface FileSummary {
  id: number;
  path: string;
  name: string;
  folder: string;
  format: AudioFormat;
  size: number;
  duration: number | null;
  sampleRate: number | null;
  channels: number | null;
  bitDepth: number | null;
  status: AnalysisStatus;
  favourite: boolean;
  /** The file's modification time, ms since 1970. */
  modifiedMs: number;
  /** Integrated loudness (LUFS) as `hark caption` measured it; null until then. */
  loudnessLufs: number | null;
}

export interface SearchHit extends FileSummary {
  /** 0-1, comparable across queries: a poor query's best hit scores low. */
  score: number;
  /** A weaker match, listed below the line after the matches (never counted in `total`). */
  belowLine?: boolean;
  explanation: Explanation;
}

export interface NoMatchSignal {
  /** The model's own verdict that nothing in the library matches. */
  flagged: boolean;
  /**
   * Whether the verdict has earned a notice: the model's signal separated the dev set's in-library queries from
   * its absent-sound queries with AUROC >= 0.8 (NOTICE_MIN_AUROC). Interfaces tell a person "no good match" only
   * when flagged and calibrated; otherwise the flag is shown as a fact about the list, never hiding it.
   */
  calibrated: boolean;
  /** Higher means the query looks less like anything in the library. */
  score: number;
  threshold: number;
}

export interface SearchResponse {
  text: string;
  hits: SearchHit[];
  /** How many files match (above the line); for browsing without a query, how many files pass the filters. */
  total: number;
  /** How many weaker matches follow the line (unreadable files among them, last). */
  belowLine?: number;
  tookMs: number;
  /** Which parts answered: keyword is always there, neural only when a model is installed and files analysed. */
  used: { keyword: boolean; neural: boolean; model?: SearchModel };
  /** Why the sound side did not answer a search that asked for it (no model installed); absent otherwise. */
  soundUnavailable?: string;
  noGoodMatch?: NoMatchSignal;
}

export interface LibraryRoot {
  id: number;
  path: string;
  addedAt: number;
  fileCount: number;
}

/**
 * What `removeRoot` did. A folder that holds files is not removed by the first call: it answers with a
 * `confirmation` (how many files Hark would forget, and a one-time token); a second call with `confirm: token`
 * removes it.
 */
export interface RootRemoval {
  removed: boolean;
  confirmation?: { token: string; files: number };
}

export interface IndexProgress {
  phase: IndexPhase;
  filesDone: number;
  filesTotal: number;
  failed: number;
  filesPerSecond: number;
  etaSeconds: number | null;
  currentPath?: string;
}

export interface FailedFile {
  id: number | null;
  path: string;
  stage: FailureStage;
  reason: string;
  at: number;
}

/** One page of problems: `total` counts all of them, `next` is the offset of the page after (null after the last). */
export interface FailurePage {
  failures: FailedFile[];
  total: number;
  next: number | null;
}

/** Hark's offline caption of a file (`hark caption`), or a person's edit of it. */
export interface CaptionInfo {
  description: string;
  keywords: string[];
  catId: string | null;
  source: CaptionSource;
  loop: boolean | null;
  loudnessLufs: number | null;
  centroidHz: number | null;
  /** When it was last written into the file itself; null if it lives only in the library. */
  writtenAt: number | null;
}

export interface FileDetails extends FileSummary {
  codec: string | null;
  error: string | null;
  /** Flat metadata: "bext.Description", "ixml.USER.CATID", "id3.title", "vorbis.ARTIST", ... */
  metadata: Record<string, string>;
  tags: TagScore[];
  userTags: string[];
  ucs?: UcsInfo;
  caption?: CaptionInfo;
  collections: number[];
}

/** A file's log-mel spectrogram for the player: `bands` rows (low pitch first) of `columns` bytes, 0 quiet .. 255 loud. */
export interface Spectrogram {
  fileId: number;
  bands: number;
  columns: number;
  /** The audio the columns span (the first two minutes of a longer file). */
  seconds: number;
  /** Base64 of bands x columns bytes, row-major. */
  data: string;
}

export interface Peaks {
  fileId: number;
  duration: number;
  /** Peaks per second of audio. */
  rate: number;
  /** Interleaved min,max pairs in [-1, 1]. */
  data: number[];
}

export interface Collection {
  id: number;
  name: string;
  fileCount: number;
}

export interface LibraryInfo {
  version: string;
  dbPath: string;
  roots: number;
  files: number;
  analysed: number;
  failed: number;
  pending: number;
  model: { id: string | null; installed: boolean; problem?: string };
  textModel: { id: string | null; installed: boolean; problem?: string };
  /** The trained retrieval heads; `fixture` marks untrained test weights. */
  heads: { id: string | null; installed: boolean; problem?: string; fixture?: boolean };
  searchModel: SearchModel;
  executionProvider: string;
}

/** A library tied to a shared catalogue on a PostgreSQL server (issue 16). */
export interface CatalogueConnection {
  /** The server, with the password masked: the connection string itself is never shown. */
  url: string;
  /** This seat's name on the server. */
  seat: string;
  schemaVersion: number;
  /** The version the server was at before this connection migrated it (0: a new catalogue). */
  migratedFrom: number;
  /** What this seat's login may do there: an editor changes tags and analyses, a reader reads and follows. */
  access: 'editor' | 'reader';
}

export interface CatalogueRootMapping {
  /** The library folder, as this seat sees it. */
  folder: string;
  /** The server's name for it, the same on every seat. */
  name: string;
}

/** Where this library stands with its shared catalogue, for Settings. */
export interface CatalogueStatus {
  /** False: the library is its own (no shared catalogue). */
  connected: boolean;
  /** The server, with the password masked. */
  url?: string;
  seat?: string;
  access?: 'editor' | 'reader';
  /** Whether the server answered just now; `problem` says why not. */
  online?: boolean;
  problem?: string;
  /** This seat's edits (tags, favourites) the server does not have yet (made offline, sent when it is back). */
  waitingEdits: number;
  /** Library folders and the server's names for them. */
  roots: CatalogueRootMapping[];
  /** This seat's shared analysis, run from Settings (startSharedAnalysis): the one running, or the last one. */
  analysis?: SharedAnalysisProgress;
}

/** This seat's part in analysing the shared folders with the other seats (the work of `hark catalogue analyse`). */
export interface SharedAnalysisProgress {
  running: boolean;
  phase: SharedAnalysisPhase;
  /** Files this seat analysed in this run, each accepted by the server (counted once there, whoever else tried). */
  analysed: number;
  failed: number;
  /** Results the server refused: this seat's lease had lapsed and another seat took the file. */
  refused: number;
  /** The other seats' results copied into this library (at the end of the run). */
  copied: number;
  /** Files of the shared folders the server still owes an analysis: free to claim, and held by a seat's lease. */
  unclaimed?: number;
  leased?: number;
  /** Why the last run ended early (the server lost, a folder unreadable...). */
  error?: string;
}

export interface Settings {
  executionProvider: ExecutionProvider;
  model: string;
  searchModel: SearchModel;
  theme: Theme;
}

/** "More like this": the files whose audio features lie nearest, among those that pass the filters. */
/** What a batch change did: the files it changed, and the ids it was given that are no file of the library. */
export interface BatchResult {
  changed: number;
  missing: number[];
}

export interface SimilarRequest {
  fileId: number;
  limit?: number;
  filters?: SearchFilters;
}

export interface PathFailure {
  path: string;
  reason: string;
}

/** What Hark measured in the audio itself. Null where it could not be measured. */
export interface MeasuredCharacter {
  duration: number | null;
  /** True: the end runs seamlessly into the start; false: a one-shot; null: not measured. */
  loop: boolean | null;
  /** In [0, 1]: how many loop tests passed. */
  loopScore: number | null;
  /** Integrated loudness, ITU-R BS.1770 (K-weighted, gated). */
  loudnessLufs: number | null;
  peakDbfs: number | null;
  /** Spectral centroid, power-weighted over the file. */
  centroidHz: number | null;
}

/** A file's whole caption record (what `hark caption --json` prints); CaptionInfo is its summary in FileDetails. */
export interface Caption {
  fileId: number;
  /** The caption in force: Hark's suggestion (source 'auto') or a person's text (source 'person'). */
  description: string;
  keywords: string[];
  catId: string | null;
  catSource: CategorySource | null;
  catConfidence: number | null;
  source: CaptionSource;
  /** Hark's own suggestion, kept even when a person's text is in force. */
  suggested: { description: string; keywords: string[]; catId: string | null };
  segment: Segment | null;
  measured: MeasuredCharacter;
  madeAt: number;
  /** When the caption was last written into the file itself; null if never. */
  writtenAt: number | null;
}

export interface CaptionRequest {
  /** Absolute folder: only analysed files at or below it; the whole library when absent. */
  folder?: string;
  /** Also write description, keywords and UCS category into the files. */
  write?: boolean;
  /** Replace a person's caption (and a person's text in the files when writing). */
  overwrite?: boolean;
}

/** Pushed as `caption-progress` events while a caption run goes on. */
export interface CaptionProgress {
  done: number;
  total: number;
  path: string;
}

export interface CaptionRunResult {
  /** Files looked at (analysed files under the folder). */
  files: number;
  captioned: number;
  /** Captions already up to date with the file's analysis: left as they were. */
  upToDate: number;
  /** Captions in force that are a person's text. */
  person: number;
  written: number;
  /** The undo batch of the files written (undoMetadataWrites takes it back); null when nothing was to be written. */
  writeBatch: number | null;
  failed: PathFailure[];
  /** Files whose caption could not be written into them (unsupported format, read-only, ...). */
  notWritten: PathFailure[];
  /** The captions of the files under the folder (the whole library when none was given), by path. */
  captions: (Caption & { path: string })[];
}

/** A UCS rename preview or run: which files, and the UCS blocks for names that have none yet. */
export interface UcsRenameRequest {
  /** Absolute folder: only files at or below it; the whole library when absent. */
  folder?: string;
  /** UCS CreatorID for names without one (default NONE). */
  creatorId?: string;
  /** UCS SourceID for names without one (default NONE). */
  sourceId?: string;
  /** Use model suggestions at or above this confidence. */
  minConfidence?: number;
}

export interface RenameProposal {
  fileId: number;
  from: string;
  to: string;
  catId: string;
  catSource: CategorySource;
  confidence: number;
  status: RenameStatus;
}

/** One rename done on disk (kept so it can be undone). */
export interface RenameRecord {
  id: number;
  batch: number;
  fileId: number | null;
  fromPath: string;
  toPath: string;
  at: number;
  undoneAt: number | null;
}

export interface RenameApplyResult {
  /** What was proposed; only the 'ready' ones were renamed. */
  proposals: RenameProposal[];
  /** Null when nothing was renamed. */
  batch: number | null;
  renamed: RenameRecord[];
  failed: PathFailure[];
}

/** Which renames to undo: one by id, a batch, or (neither given) the newest batch not yet undone. */
export interface RenameUndoRequest {
  batch?: number;
  id?: number;
}

export interface RenameUndoResult {
  undone: RenameRecord[];
  failed: PathFailure[];
}

/** What the library knows of a file besides the file's own tags (`hark meta get`). */
export interface LibraryView {
  id: number;
  status: AnalysisStatus;
  metadata: Record<string, string>;
  tags: TagScore[];
  userTags: string[];
  ucs: UcsInfo | null;
  caption: Caption | null;
}

/** What a file's headers say of it, read from the file alone (the catalogue pass's probe, `hark meta get`). */
export interface FileHeaders {
  format: AudioFormat;
  /** Short codec name, e.g. "pcm-int", "pcm-float", "flac", "MPEG 1 Layer 3", "Vorbis I". */
  codec: string | null;
  /** Seconds; null when the headers do not say. */
  duration: number | null;
  sampleRate: number | null;
  channels: number | null;
  /** Bits per sample for lossless/PCM audio, null for lossy codecs. */
  bitDepth: number | null;
  /**
   * Flat metadata: "bext.Description", "ixml.USER.CATID", "info.INAM", "id3.title", "vorbis.TITLE",
   * "aiff.NAME", ... plus the normalised keys `title`, `description`, `keywords`, `category`,
   * `subCategory`, `catId` (iXML first, then bext, then the rest).
   */
  metadata: Record<string, string>;
}

/** A file's metadata read from the file itself, with the library's view of it (null when not in the library). */
export interface FileMeta extends FileHeaders {
  path: string;
  library: LibraryView | null;
}

export interface UcsChoice {
  catId: string;
  category: string;
  subCategory: string;
}

/** A person's edit, written into the file first; the library follows and the caption becomes the person's. */
export interface MetaEdit {
  description?: string;
  /** Comma-separated, as files keep them. */
  keywords?: string;
  /** A UCS CatID (any case) or its category and subcategory by name ("DOORS WOOD"), looked up in the UCS table. */
  catId?: string;
}

export interface MetaEditResult {
  /** The library's id for the file; null when the file is not in the library (only the file was changed). */
  fileId: number | null;
  /** The fields written into the file. */
  fields: string[];
  /** The undo batch of this edit (undoMetadataWrites takes it back). */
  batch: number;
}

/** Which writes into files to undo: a batch, or (none given) the newest not yet undone, of `kind` when given. */
export interface MetadataUndoRequest {
  batch?: number;
  kind?: 'caption' | 'edit';
}

export interface MetadataUndoResult {
  /** The batch undone; null when there was nothing to undo. */
  batch: number | null;
  /** Files whose fields have their text back. */
  undone: { path: string; fields: string[] }[];
  /** Files left as they are, with why (changed since Hark wrote them, unwritable, gone). */
  failed: PathFailure[];
}

/** The library's metadata as CSV (one row per file, CRLF lines), for spreadsheets and other library tools. */
export interface CsvExport {
  csv: string;
  files: number;
}

export interface DuplicatesRequest {
  /** Absolute folder: only files at or below it; the whole library when absent. */
  folder?: string;
  /** Only this kind of group; both when absent. */
  kind?: DuplicateKind;
}

export interface DuplicateFile extends FileSummary {
  codec: string | null;
  /** Near groups: the file's best cosine of audio features with another file of its group; null in exact groups. */
  similarity: number | null;
  /** In the DUPLICATES_COLLECTION: a person chose another file of the group to keep. */
  marked: boolean;
}

export interface DuplicateGroup {
  kind: DuplicateKind;
  /** The suggested keeper first, then the others. */
  files: DuplicateFile[];
  /** Hark's suggestion: lossless first, then the highest sample rate, bit depth, channels, the longest, the largest. */
  keeperId: number;
  /** Why that one, for people: "lossless", "highest sample rate", ... */
  keeperReason: string;
}

export interface DuplicatesResult {
  groups: DuplicateGroup[];
  exactGroups: number;
  nearGroups: number;
  /** Files looked at (under the folder). */
  files: number;
  /** Files whose audio was decoded and hashed by this call (the rest came from the library's cache). */
  hashed: number;
  /** Files without analysed audio features: not compared for near duplicates (run `hark index`). */
  notAnalysed: number;
  /** Files that could not be decoded to compare: skipped. */
  unreadable: PathFailure[];
}

/** "Keep this one": the group's other files go into the DUPLICATES_COLLECTION; the kept one leaves it. */
export interface KeepDuplicateRequest {
  keep: number;
  fileIds: number[];
}

export interface KeepDuplicateResult {
  collection: Collection;
  /** The files now in the collection because of this call. */
  marked: number[];
}

/** Every method takes one JSON-serialisable argument and returns a JSON-serialisable result. */
export interface HarkApi {
  search(req: SearchRequest): Promise<SearchResponse>;
  similar(req: SimilarRequest): Promise<SearchResponse>;

  listRoots(req: Record<string, never>): Promise<LibraryRoot[]>;
  /** A folder containing library folders is refused unless `merge` asks it to take them over (with their files). */
  addRoot(req: { path: string; merge?: boolean }): Promise<LibraryRoot>;
  removeRoot(req: { path: string; confirm?: string }): Promise<RootRemoval>;

  startIndexing(req: { analyse?: boolean }): Promise<IndexProgress>;
  pauseIndexing(req: Record<string, never>): Promise<IndexProgress>;
  resumeIndexing(req: Record<string, never>): Promise<IndexProgress>;
  cancelIndexing(req: Record<string, never>): Promise<IndexProgress>;
  getProgress(req: Record<string, never>): Promise<IndexProgress>;
  /** Every problem unless a limit is given; `offset` pages on from `next`. */
  listFailures(req: { limit?: number; offset?: number }): Promise<FailurePage>;

  getFile(req: { fileId: number }): Promise<FileDetails>;
  /**
   * The stored overview (at most 100 pairs a second), or with `rate` (pairs per second wanted, for a zoomed-in
   * view) a finer level from the audio itself where the file is at most ten minutes long; `rate` in the answer
   * says which one came.
   */
  getPeaks(req: { fileId: number; rate?: number }): Promise<Peaks>;
  getSpectrogram(req: { fileId: number }): Promise<Spectrogram>;

  setUserTags(req: { fileId: number; tags: string[] }): Promise<FileDetails>;
  setFavourite(req: { fileId: number; favourite: boolean }): Promise<FileDetails>;
  /** Several files at once (a multiple selection): adds `add`, then takes away `remove`, keeping their other tags. */
  tagFiles(req: { fileIds: number[]; add?: string[]; remove?: string[] }): Promise<BatchResult>;
  setFavourites(req: { fileIds: number[]; favourite: boolean }): Promise<BatchResult>;
  listCollections(req: Record<string, never>): Promise<Collection[]>;
  createCollection(req: { name: string }): Promise<Collection>;
  deleteCollection(req: { id: number }): Promise<{ removed: boolean }>;
  addToCollection(req: { id: number; fileIds: number[] }): Promise<Collection>;
  removeFromCollection(req: { id: number; fileIds: number[] }): Promise<Collection>;

  caption(req: CaptionRequest): Promise<CaptionRunResult>;
  previewUcsRenames(req: UcsRenameRequest): Promise<{ proposals: RenameProposal[] }>;
  applyUcsRenames(req: UcsRenameRequest): Promise<RenameApplyResult>;
  undoRenames(req: RenameUndoRequest): Promise<RenameUndoResult>;
  /** Takes back Hark's writes into files (a caption run with write, a person's edit): the fields get their text back. */
  undoMetadataWrites(req: MetadataUndoRequest): Promise<MetadataUndoResult>;
  /** A library file's own metadata and the library's view of it; HarkAdminApi.readFileMeta takes any path. */
  getMeta(req: { fileId: number }): Promise<FileMeta>;
  setMeta(req: { fileId: number } & MetaEdit): Promise<MetaEditResult>;
  /** Every UCS category (CatID, category, subcategory), for choosing one by name; empty without the UCS table. */
  listUcsCategories(req: Record<string, never>): Promise<UcsChoice[]>;
  exportCsv(req: Record<string, never>): Promise<CsvExport>;
  findDuplicates(req: DuplicatesRequest): Promise<DuplicatesResult>;
  keepDuplicate(req: KeepDuplicateRequest): Promise<KeepDuplicateResult>;

  getInfo(req: Record<string, never>): Promise<LibraryInfo>;
  /** The shared catalogue this library is tied to, if any, and whether its server answers now. */
  getCatalogueStatus(req: Record<string, never>): Promise<CatalogueStatus>;
  /** Ties the library to a shared catalogue (postgres://…), migrating the server's schema to this Hark's. */
  connectCatalogue(req: { url: string; seat?: string }): Promise<CatalogueConnection>;
  /** Says which root of the shared catalogue a library folder is (made on the server when new). */
  mapCatalogueRoot(req: { folder: string; name: string }): Promise<CatalogueRootMapping>;
  /**
   * Starts this seat's share of the shared analysis in the background (an editor seat's; a reader is refused), and
   * answers at once; while one runs, answers its progress and starts nothing. `shared-analysis` events follow it.
   */
  startSharedAnalysis(req: { leaseSeconds?: number }): Promise<SharedAnalysisProgress>;
  /** Stops it: no more claims, the files in hand finish, the rest goes back to the other seats; answers once it ended. */
  stopSharedAnalysis(req: Record<string, never>): Promise<SharedAnalysisProgress>;
  getSettings(req: Record<string, never>): Promise<Settings>;
  setSettings(req: Partial<Settings>): Promise<Settings>;
}

export type ApiMethod = keyof HarkApi;
export type ApiRequest<M extends ApiMethod> = Parameters<HarkApi[M]>[0];
export type ApiResponse<M extends ApiMethod> = Awaited<ReturnType<HarkApi[M]>>;

export const API_METHODS = [
  'search',
  'similar',
  'listRoots',
  'addRoot',
  'removeRoot',
  'startIndexing',
  'pauseIndexing',
  'resumeIndexing',
  'cancelIndexing',
  'getProgress',
  'listFailures',
  'getFile',
  'getPeaks',
  'getSpectrogram',
  'setUserTags',
  'setFavourite',
  'tagFiles',
  'setFavourites',
  'listCollections',
  'createCollection',
  'deleteCollection',
  'addToCollection',
  'removeFromCollection',
  'caption',
  'previewUcsRenames',
  'applyUcsRenames',
  'undoRenames',
  'undoMetadataWrites',
  'getMeta',
  'setMeta',
  'listUcsCategories',
  'exportCsv',
  'findDuplicates',
  'keepDuplicate',
  'getInfo',
  'getCatalogueStatus',
  'connectCatalogue',
  'mapCatalogueRoot',
  'startSharedAnalysis',
  'stopSharedAnalysis',
  'getSettings',
  'setSettings',
] as const satisfies readonly ApiMethod[];

/** Pushed to listeners: IPC `hark:event` in Electron, server-sent events at /api/events over HTTP. */
export type HarkEvent =
  | { type: 'progress'; progress: IndexProgress }
  | { type: 'caption-progress'; progress: CaptionProgress }
  | { type: 'library-changed' }
  | { type: 'shared-analysis'; progress: SharedAnalysisProgress }
  /** Files changed under a library folder while HarkAdminApi.watchRoots follows them (in-process only). */
  | { type: 'roots-changed' };

/** What the renderer sees: the API plus events, whichever transport carries them. */
export interface HarkClient extends HarkApi {
  onEvent(listener: (event: HarkEvent) => void): () => void;
  /** A URL the <audio> element and wavesurfer can stream with range requests. */
  audioUrl(fileId: number): string;
  /** A URL that answers a WAV of the stretch `start`..`end` seconds of the file (download or drag it out). */
  regionUrl(fileId: number, start: number, end: number): string;
}

/** Error shape carried over every transport. `code` is stable; `message` is for people. */
export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
}
