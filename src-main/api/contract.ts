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

export const INDEX_PHASES = ['idle', 'catalogue', 'analysis', 'paused', 'cancelled', 'done'] as const;
export type IndexPhase = (typeof INDEX_PHASES)[number];

export const FAILURE_STAGES = ['scan', 'catalogue', 'decode', 'analysis'] as const;
export type FailureStage = (typeof FAILURE_STAGES)[number];

/** A caption is Hark's own ('auto') or a person's text, which no caption pass replaces unless told to. */
export const CAPTION_SOURCES = ['auto', 'person'] as const;
export type CaptionSource = (typeof CAPTION_SOURCES)[number];

export const EXECUTION_PROVIDERS = ['auto', 'cpu', 'cuda', 'dml', 'coreml'] as const;
export type ExecutionProvider = (typeof EXECUTION_PROVIDERS)[number];

export const THEMES = ['dark', 'light'] as const;
export type Theme = (typeof THEMES)[number];

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
  /** Query words found in the file's name, folder or metadata. */
  matchedTerms: string[];
  /** Where each part of the score came from. */
  keywordRank?: number;
  neuralRank?: number;
  tags: TagScore[];
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
}

export interface SearchHit extends FileSummary {
  score: number;
  explanation: Explanation;
}

export interface NoMatchSignal {
  flagged: boolean;
  /** Higher means the query looks less like anything in the library. */
  score: number;
  threshold: number;
}

export interface SearchResponse {
  text: string;
  hits: SearchHit[];
  total: number;
  tookMs: number;
  /** Which parts answered: keyword is always there, neural only when a model is installed and files analysed. */
  used: { keyword: boolean; neural: boolean; model?: SearchModel };
  noGoodMatch?: NoMatchSignal;
}

export interface LibraryRoot {
  id: number;
  path: string;
  addedAt: number;
  fileCount: number;
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
  mtimeMs: number;
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

export interface Settings {
  executionProvider: ExecutionProvider;
  model: string;
  searchModel: SearchModel;
  theme: Theme;
}

/** "More like this": the files whose audio features lie nearest, among those that pass the filters. */
export interface SimilarRequest {
  fileId: number;
  limit?: number;
  filters?: SearchFilters;
}

/** Every method takes one JSON-serialisable argument and returns a JSON-serialisable result. */
export interface HarkApi {
  search(req: SearchRequest): Promise<SearchResponse>;
  similar(req: SimilarRequest): Promise<SearchResponse>;

  listRoots(req: Record<string, never>): Promise<LibraryRoot[]>;
  addRoot(req: { path: string }): Promise<LibraryRoot>;
  removeRoot(req: { path: string }): Promise<{ removed: boolean }>;

  startIndexing(req: { analyse?: boolean }): Promise<IndexProgress>;
  pauseIndexing(req: Record<string, never>): Promise<IndexProgress>;
  resumeIndexing(req: Record<string, never>): Promise<IndexProgress>;
  cancelIndexing(req: Record<string, never>): Promise<IndexProgress>;
  getProgress(req: Record<string, never>): Promise<IndexProgress>;
  listFailures(req: { limit?: number }): Promise<FailedFile[]>;

  getFile(req: { fileId: number }): Promise<FileDetails>;
  getPeaks(req: { fileId: number }): Promise<Peaks>;

  setUserTags(req: { fileId: number; tags: string[] }): Promise<FileDetails>;
  setFavourite(req: { fileId: number; favourite: boolean }): Promise<FileDetails>;
  listCollections(req: Record<string, never>): Promise<Collection[]>;
  createCollection(req: { name: string }): Promise<Collection>;
  deleteCollection(req: { id: number }): Promise<{ removed: boolean }>;
  addToCollection(req: { id: number; fileIds: number[] }): Promise<Collection>;
  removeFromCollection(req: { id: number; fileIds: number[] }): Promise<Collection>;

  getInfo(req: Record<string, never>): Promise<LibraryInfo>;
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
  'setUserTags',
  'setFavourite',
  'listCollections',
  'createCollection',
  'deleteCollection',
  'addToCollection',
  'removeFromCollection',
  'getInfo',
  'getSettings',
  'setSettings',
] as const satisfies readonly ApiMethod[];

/** Pushed to listeners: IPC `hark:event` in Electron, server-sent events at /api/events over HTTP. */
export type HarkEvent =
  | { type: 'progress'; progress: IndexProgress }
  | { type: 'library-changed' };

/** What the renderer sees: the API plus events, whichever transport carries them. */
export interface HarkClient extends HarkApi {
  onEvent(listener: (event: HarkEvent) => void): () => void;
  /** A URL the <audio> element and wavesurfer can stream with range requests. */
  audioUrl(fileId: number): string;
}

/** Error shape carried over every transport. `code` is stable; `message` is for people. */
export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
}
