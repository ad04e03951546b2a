import { join, relative, sep } from 'node:path';
import { saveAnalysis } from '../store/analysis';
import type { Db } from '../store/database';
import { markFailed } from '../store/files';
import { listRoots } from '../store/roots';
import type { SharedDb } from '../store/shared/connection';
import { localFilesOfRoot, type LocalFileState } from '../store/shared/local-files';
import { loadSharedAnalyses, sharedOutcomes, sharedOutcomesAt, type SharedOutcome } from '../store/shared/results';
import type { RecordOptions } from './analysis-record';

const PAGE = 200;

type CopyOptions = RecordOptions & { db: Db; shared: SharedDb };

/**
 * Copies into the local library every result on the server that it lacks: files of the mapped roots finished by
 * any seat under this seat's pipeline, whose bytes (size and hash) are the ones catalogued here. Auto-tags are
 * derived here from the probabilities, with this seat's label bank. `sinceSeq` limits it to results accepted after
 * that point (a following seat's catch-up); 0 looks at every one. Returns how many files it copied, and the last
 * result's place it looked at.
 */
export async function copySharedResults(
  options: CopyOptions,
  rootPaths: Map<number, string>,
  sinceSeq = 0,
): Promise<{ copied: number; lastSeq: number }> {
  const local = new Map<string, LocalFileState>();
  for (const root of listRoots(options.db)) {
    if ([...rootPaths.values()].includes(root.path))
      for (const file of localFilesOfRoot(options.db, root.id)) local.set(file.path, file);
  }
  const outcomes = await sharedOutcomes(options.shared, [...rootPaths.keys()], sinceSeq);
  const lastSeq = outcomes.at(-1)?.seq ?? sinceSeq;
  return { copied: await copyOutcomes(options, rootPaths, local, outcomes), lastSeq };
}

/**
 * The same for some local files only: those a catalogue pass has just found without an analysis (a following seat
 * skipped their results while it had not catalogued them yet). Asked of the server by path, a page at a time.
 */
export async function copySharedResultsOf(
  options: CopyOptions,
  rootPaths: Map<number, string>,
  files: readonly LocalFileState[],
): Promise<number> {
  let copied = 0;
  for (const [rootId, rootPath] of rootPaths) {
    const under = files.filter((file) => file.path.startsWith(rootPath + sep));
    for (let start = 0; start < under.length; start += PATHS_PER_QUESTION) {
      const page = under.slice(start, start + PATHS_PER_QUESTION);
      const local = new Map(page.map((file) => [file.path, file]));
      const relPaths = page.map((file) => relative(rootPath, file.path).split(sep).join('/'));
      const outcomes = await sharedOutcomesAt(options.shared, rootId, relPaths);
      copied += await copyOutcomes(options, new Map([[rootId, rootPath]]), local, outcomes);
    }
  }
  return copied;
}

const PATHS_PER_QUESTION = 1000;

async function copyOutcomes(
  options: CopyOptions,
  rootPaths: Map<number, string>,
  local: Map<string, LocalFileState>,
  outcomes: SharedOutcome[],
): Promise<number> {
  const { db, shared } = options;
  const keys = new Set([options.analysisKey, options.analysisKeyWithoutExtension ?? options.analysisKey]);
  const owed: { outcome: SharedOutcome; file: LocalFileState }[] = [];
  for (const outcome of outcomes) {
    const file = local.get(join(rootPaths.get(outcome.rootId)!, outcome.relPath));
    if (!file || !keys.has(outcome.doneKey) || file.size !== outcome.size) continue;
    if (file.quickHash && outcome.quickHash && file.quickHash !== outcome.quickHash) continue;
    if (file.status === outcome.status && file.analysisKey === outcome.doneKey) continue;
    owed.push({ outcome, file });
  }
  let copied = 0;
  for (let start = 0; start < owed.length; start += PAGE) {
    const page = owed.slice(start, start + PAGE);
    const analyses = await loadSharedAnalyses(
      shared,
      page.filter(({ outcome }) => outcome.status === 'analysed').map(({ outcome }) => outcome.id),
    );
    db.transaction(() => {
      for (const { outcome, file } of page) {
        if (outcome.status === 'failed') {
          markFailed(db, file.id, outcome.errorStage ?? 'analysis', outcome.error ?? '', outcome.doneKey);
          copied++;
          continue;
        }
        const analysis = analyses.get(outcome.id);
        if (!analysis) continue; // changed on the server since the listing: the next run copies it
        const autoTags = analysis.probs && options.autoTags ? options.autoTags(analysis.probs) : [];
        saveAnalysis(db, file.id, { ...analysis, autoTags });
        copied++;
      }
    })();
  }
  return copied;
}
