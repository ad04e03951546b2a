import { ADMIN_METHODS, type AdminMethod, type AdminRequest } from '../api/admin-contract';
import {
  API_METHODS,
  AUDIO_FORMATS,
  DUPLICATE_KINDS,
  EXECUTION_PROVIDERS,
  SEARCH_MODELS,
  SEARCH_MODES,
  SORT_KEYS,
  THEMES,
  type ApiMethod,
  type ApiRequest,
} from '../api/contract';
import { badRequest } from '../base/errors';
import { isOneOf } from '../base/one-of';

// Every request that crosses a process boundary (IPC, HTTP) is checked here before the core sees it.
// Hand-written on purpose: the contract is small, and a schema library would be the biggest part of the preload.
// Closed lists come from the contract's arrays; fields are looked up as own properties only, so that names an
// object inherits (constructor, toString, __proto__) are unknown fields, never checks or values.

type Check = (value: unknown, field: string) => void;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optional =
  (check: Check): Check =>
  (value, field) => {
    if (value !== undefined && value !== null) check(value, field);
  };
const string: Check = (value, field) => {
  if (typeof value !== 'string') throw badRequest(`${field} must be a string`);
};
const number: Check = (value, field) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badRequest(`${field} must be a number`);
};
const integer: Check = (value, field) => {
  if (!Number.isInteger(value)) throw badRequest(`${field} must be an integer`);
};
const boolean: Check = (value, field) => {
  if (typeof value !== 'boolean') throw badRequest(`${field} must be true or false`);
};
const arrayOf =
  (check: Check): Check =>
  (value, field) => {
    if (!Array.isArray(value)) throw badRequest(`${field} must be a list`);
    if (value.length > 100_000) throw badRequest(`${field} is too long`);
    value.forEach((item, i) => check(item, `${field}[${i}]`));
  };
const oneOf =
  (allowed: readonly string[]): Check =>
  (value, field) => {
    if (!isOneOf(allowed, value)) throw badRequest(`${field} must be one of ${allowed.join(', ')}`);
  };
const shape =
  (fields: Record<string, Check>): Check =>
  (value, field) => {
    if (!isObject(value)) throw badRequest(`${field} must be an object`);
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(fields, key)) throw badRequest(`${field}.${key} is not a known field`);
    }
    for (const [key, check] of Object.entries(fields))
      check(Object.hasOwn(value, key) ? value[key] : undefined, `${field}.${key}`);
  };

const filters = shape({
  folder: optional(string),
  formats: optional(arrayOf(oneOf(AUDIO_FORMATS))),
  minDuration: optional(number),
  maxDuration: optional(number),
  sampleRates: optional(arrayOf(integer)),
  channels: optional(arrayOf(integer)),
  tags: optional(arrayOf(string)),
  ucsCategory: optional(string),
  favouritesOnly: optional(boolean),
  collectionId: optional(integer),
});

const none = shape({});
const fileId = shape({ fileId: integer });
const collectionFiles = shape({ id: integer, fileIds: arrayOf(integer) });
const ucsRename = shape({
  folder: optional(string),
  creatorId: optional(string),
  sourceId: optional(string),
  minConfidence: optional(number),
});
const metaEdit = { description: optional(string), keywords: optional(string), catId: optional(string) };

const REQUESTS: Record<ApiMethod, Check> = {
  search: shape({
    text: string,
    limit: optional(integer),
    offset: optional(integer),
    mode: optional(oneOf(SEARCH_MODES)),
    model: optional(oneOf(SEARCH_MODELS)),
    filters: optional(filters),
    sort: optional(oneOf(SORT_KEYS)),
    descending: optional(boolean),
  }),
  similar: shape({ fileId: integer, limit: optional(integer), filters: optional(filters) }),
  listRoots: none,
  addRoot: shape({ path: string, merge: optional(boolean) }),
  removeRoot: shape({ path: string, confirm: optional(string) }),
  startIndexing: shape({ analyse: optional(boolean) }),
  pauseIndexing: none,
  resumeIndexing: none,
  cancelIndexing: none,
  getProgress: none,
  listFailures: shape({ limit: optional(integer), offset: optional(integer) }),
  getFile: fileId,
  getPeaks: shape({ fileId: integer, rate: optional(number) }),
  getSpectrogram: fileId,
  setUserTags: shape({ fileId: integer, tags: arrayOf(string) }),
  setFavourite: shape({ fileId: integer, favourite: boolean }),
  tagFiles: shape({ fileIds: arrayOf(integer), add: optional(arrayOf(string)), remove: optional(arrayOf(string)) }),
  setFavourites: shape({ fileIds: arrayOf(integer), favourite: boolean }),
  listCollections: none,
  createCollection: shape({ name: string }),
  deleteCollection: shape({ id: integer }),
  addToCollection: collectionFiles,
  removeFromCollection: collectionFiles,
  caption: shape({ folder: optional(string), write: optional(boolean), overwrite: optional(boolean) }),
  previewUcsRenames: ucsRename,
  applyUcsRenames: ucsRename,
  undoRenames: shape({ batch: optional(integer), id: optional(integer) }),
  undoMetadataWrites: shape({ batch: optional(integer), kind: optional(oneOf(['caption', 'edit'] as const)) }),
  getMeta: fileId,
  setMeta: shape({ fileId: integer, ...metaEdit }),
  listUcsCategories: none,
  exportCsv: none,
  findDuplicates: shape({ folder: optional(string), kind: optional(oneOf(DUPLICATE_KINDS)) }),
  keepDuplicate: shape({ keep: integer, fileIds: arrayOf(integer) }),
  getInfo: none,
  getCatalogueStatus: none,
  connectCatalogue: shape({ url: string, seat: optional(string) }),
  mapCatalogueRoot: shape({ folder: string, name: string }),
  startSharedAnalysis: shape({ leaseSeconds: optional(number) }),
  stopSharedAnalysis: none,
  getSettings: none,
  setSettings: shape({
    executionProvider: optional(oneOf(EXECUTION_PROVIDERS)),
    model: optional(string),
    searchModel: optional(oneOf(SEARCH_MODELS)),
    theme: optional(oneOf(THEMES)),
  }),
};

const ADMIN_REQUESTS: Record<AdminMethod, Check> = {
  runIndexing: shape({ analyse: optional(boolean) }),
  readFileMeta: shape({ path: string }),
  writeFileMeta: shape({ path: string, ...metaEdit }),
  watchRoots: none,
  unwatchRoots: none,
  analyseShared: shape({ leaseSeconds: optional(number) }),
  followCatalogue: none,
  grantCatalogueAccess: shape({ role: string, access: oneOf(['editor', 'reader'] as const) }),
  listModels: shape({ verify: optional(boolean) }),
  installModels: shape({ ids: optional(arrayOf(string)), mirror: optional(string), force: optional(boolean) }),
};

export function isApiMethod(name: string): name is ApiMethod {
  return isOneOf(API_METHODS, name);
}

export function isAdminMethod(name: string): name is AdminMethod {
  return isOneOf(ADMIN_METHODS, name);
}

/** Throws a bad-request HarkError unless `request` is a well-formed argument of `method`. */
export function validateRequest<M extends ApiMethod>(method: M, request: unknown): ApiRequest<M> {
  return check(REQUESTS, method, request) as ApiRequest<M>;
}

/** validateRequest for the administration side (HarkAdminApi, ModelAdminApi). */
export function validateAdminRequest<M extends AdminMethod>(method: M, request: unknown): AdminRequest<M> {
  return check(ADMIN_REQUESTS, method, request) as AdminRequest<M>;
}

function check(checks: Record<string, Check>, method: string, request: unknown): unknown {
  if (!Object.hasOwn(checks, method)) throw badRequest(`No API method "${method}".`);
  const value = request === undefined || request === null ? {} : request;
  checks[method]!(value, method);
  return value;
}
