import { basename, dirname, extname } from 'node:path';
import type { FailedFile } from '../api/contract';
import type { CatalogueCounts } from '../api/admin-contract';
import type { FileProbe } from '../metadata/types';
import { errorMessage } from '../base/errors';
import { displayName } from '../base/path-bytes';
import type { Db } from '../store/database';
import {
  type CatalogueEntry,
  deleteFiles,
  getFileRow,
  getFileRowByPath,
  markFailed,
  knownFilesOfRoot,
  markSeen,
  markSeenMany,
  markSeenTouched,
  moveFile,
  readMetadata,
  unseenFiles,
  upsertCatalogued,
} from '../store/files';
import { clearProblemsUnder, recordProblem } from '../store/problems';
import { quickHash } from './quick-hash';
import { walkAudioFiles, type WalkedFile } from './scan';

/** What the catalogue needs to know of a file from its headers (src-main/metadata/probe provides it). */
export type ProbeResult = FileProbe;

const CONCURRENT_FILES = 8;

export type Probe = (path: string) => Promise<ProbeResult>;

/** Counts of one folder's catalogue pass: the admin contract's `CatalogueCounts`, which `runIndexing` returns. */
export type CatalogueStats = CatalogueCounts;

export interface CatalogueOptions {
  probe: Probe;
  onFile?: (path: string, stats: CatalogueStats) => void;
  shouldStop?: () => boolean;
}

/**
 * The fast pass: makes every audio file under a root findable by name and metadata, without decoding any audio.
 * Unchanged files (same size and mtime) cost one stat. Files gone from disk leave the index, unless they turn up
 * elsewhere under the root with the same content, in which case they keep their analysis, tags and collections.
 */
export async function catalogueRoot(
  db: Db,
  root: { id: number; path: string },
  options: CatalogueOptions,
): Promise<CatalogueStats> {
  const stats: CatalogueStats = {
    seen: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    moved: 0,
    removed: 0,
    failed: 0,
    rootMissing: false,
  };
  const scanId = Date.now();
  const shouldStop = options.shouldStop ?? (() => false);
  clearProblemsUnder(db, root.path);

  let rootProblem: string | null = null;
  const onProblem = (problem: { path: string; reason: string }) => {
    if (problem.path === root.path) rootProblem = problem.reason;
    recordProblem(db, problem.path, 'scan', problem.reason);
  };

  const pass: Pass = {
    db,
    rootId: root.id,
    scanId,
    probe: options.probe,
    stats,
    newIds: [],
    known: knownFilesOfRoot(db, root.id),
    unchanged: [],
  };
  // Reading headers is mostly waiting on the disk: a few files at once keep it busy. Database writes stay
  // one at a time (SQLite calls are synchronous), so no two files' transactions interleave.
  const inFlight = new Set<Promise<void>>();
  for await (const file of walkAudioFiles(root.path, onProblem, shouldStop)) {
    stats.seen++;
    const task: Promise<void> = catalogueFile(pass, file)
      .then(() => options.onFile?.(file.path, stats))
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= CONCURRENT_FILES) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  markUnchangedSeen(pass);
  const { newIds } = pass;
  // An unmounted drive or a stopped scan must not look like "every file was deleted".
  if (rootProblem !== null) {
    stats.rootMissing = true;
    return stats;
  }
  if (shouldStop()) return stats;

  const vanished = unseenFiles(db, root.id, scanId);
  const gone: number[] = [];
  for (const old of vanished) {
    const twin = old.quick_hash ? findNewTwin(db, newIds, old.quick_hash, old.size) : undefined;
    if (twin) {
      const entry = entryFromRow(db, twin);
      deleteFiles(db, [twin]);
      moveFile(db, old.id, entry, scanId);
      newIds.splice(newIds.indexOf(twin), 1);
      stats.moved++;
      stats.added--;
    } else {
      gone.push(old.id);
    }
  }
  deleteFiles(db, gone);
  stats.removed = gone.length;
  return stats;
}

/** One catalogue pass over a root: what every file's step reads and adds to. */
interface Pass {
  db: Db;
  rootId: number;
  scanId: number;
  probe: Probe;
  stats: CatalogueStats;
  newIds: number[];
  /** The root's files as the pass began, by path. */
  known: Map<string, { id: number; size: number; mtime_ms: number }>;
  /** Unchanged files not yet marked seen: marked a batch at a time (markUnchangedSeen). */
  unchanged: number[];
}

/** Batches of this many unchanged files share one transaction: a killed pass loses only marks a new pass redoes. */
const SEEN_BATCH = 2000;

function markUnchangedSeen(pass: Pass): void {
  markSeenMany(pass.db, pass.unchanged.splice(0), pass.scanId);
}

async function catalogueFile(pass: Pass, file: WalkedFile): Promise<void> {
  const { db, rootId, scanId, probe, stats, newIds } = pass;
  // Most files of a re-index are unchanged: they are told from the pass's snapshot, with no statement of their own.
  const before = pass.known.get(file.path);
  if (before && before.size === file.size && before.mtime_ms === file.mtimeMs) {
    pass.unchanged.push(before.id);
    if (pass.unchanged.length >= SEEN_BATCH) markUnchangedSeen(pass);
    stats.unchanged++;
    return;
  }
  const known = getFileRowByPath(db, file.path);
  if (known && known.size === file.size && known.mtime_ms === file.mtimeMs) {
    markSeen(db, known.id, scanId);
    stats.unchanged++;
    return;
  }
  let hash: string | null = null;
  try {
    hash = await quickHash(file.path, file.size);
  } catch (error) {
    recordProblem(db, file.path, 'catalogue', `cannot read: ${errorMessage(error)}`);
    stats.failed++;
    if (known) markSeen(db, known.id, scanId); // keep what we had; the file may be readable again later
    return;
  }
  // Touched but not changed (same size and content): keep the analysis, take the new mtime.
  if (known && known.size === file.size && known.quick_hash === hash) {
    markSeenTouched(db, known.id, file.mtimeMs, scanId);
    stats.unchanged++;
    return;
  }

  const base: Omit<
    CatalogueEntry,
    'format' | 'codec' | 'duration' | 'sampleRate' | 'channels' | 'bitDepth' | 'metadata'
  > = {
    rootId,
    path: file.path,
    // A name that is not UTF-8 is listed and found as Latin-1 (base/path-bytes.ts); the path keeps its exact bytes.
    name: displayName(basename(file.path)),
    folder: dirname(file.path),
    ext: extname(file.path).slice(1).toLowerCase(),
    size: file.size,
    mtimeMs: file.mtimeMs,
    quickHash: hash,
  };
  let probed: ProbeResult | null = null;
  let problem: string | null = null;
  try {
    probed = await probe(file.path);
  } catch (error) {
    problem = errorMessage(error);
  }
  const entry: CatalogueEntry = {
    ...base,
    format: probed?.format ?? 'unknown',
    codec: probed?.codec ?? null,
    duration: probed?.duration ?? null,
    sampleRate: probed?.sampleRate ?? null,
    channels: probed?.channels ?? null,
    bitDepth: probed?.bitDepth ?? null,
    metadata: probed?.metadata ?? {},
  };
  const id = upsertCatalogued(db, entry, scanId);
  if (known) stats.updated++;
  else {
    stats.added++;
    newIds.push(id);
  }
  // A file we cannot read the headers of stays findable by name, and says why it will not play.
  if (problem !== null) {
    markFailed(db, id, 'catalogue' satisfies FailedFile['stage'], problem);
    stats.failed++;
  }
}

function findNewTwin(db: Db, newIds: readonly number[], hash: string, size: number): number | undefined {
  return newIds.find((id) => {
    const row = getFileRow(db, id);
    return row !== undefined && row.quick_hash === hash && row.size === size;
  });
}

function entryFromRow(db: Db, id: number): CatalogueEntry {
  const row = getFileRow(db, id)!;
  const metadata = readMetadata(db, id);
  return {
    rootId: row.root_id,
    path: row.path,
    name: row.name,
    folder: row.folder,
    ext: row.ext,
    size: row.size,
    mtimeMs: row.mtime_ms,
    quickHash: row.quick_hash,
    format: row.format,
    codec: row.codec,
    duration: row.duration,
    sampleRate: row.sample_rate,
    channels: row.channels,
    bitDepth: row.bit_depth,
    metadata,
  };
}
