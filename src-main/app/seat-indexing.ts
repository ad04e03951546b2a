import type { IndexerSeat } from '../library/indexer';
import type { RecordOptions } from '../library/analysis-record';
import { copySharedResultsOf } from '../library/shared-copy';
import { queuePassChanges, snapshotRoot, tellServerAfterPass } from '../library/shared-root-pass';
import { sharedLocation } from '../library/shared-edits';
import type { Db } from '../store/database';
import { getFileRow } from '../store/files';
import { offerSharedAnalysis } from '../store/shared/results';
import { listRoots } from '../store/roots';
import { localFilesLacking } from '../store/shared/local-files';
import { readSeatConfig } from '../store/shared/seat-config';
import type { SeatSession } from './shared-catalogue';

/** How many results may wait to be offered before the run offers no more (the server is slower than the analysis). */
const MAX_WAITING_OFFERS = 256;

/** After the server could not be reached, an index run stops asking it for this long (each try may wait 10 s). */
const OFFLINE_PAUSE_MS = 60_000;

/**
 * The index runs of a library with a shared catalogue (`hark index`, the app's runs, a watched folder's), as a seat
 * of it: a mapped root's pass tells the server what moved or went (its analysis and tags follow the file for every
 * seat) and registers what is new, and the files it leaves without an analysis copy the other seats' results first,
 * so only what nobody has analysed is analysed here. The local run never waits on an absent server: it warns, and
 * the next `hark catalogue analyse` compares everything.
 */
export function seatIndexing(
  db: Db,
  openedSeat: () => Promise<SeatSession | null>,
  recordOptions: () => RecordOptions,
): IndexerSeat {
  let offlineUntil = 0;
  /** What this run analysed, on its way to the server (one offer at a time, in order). */
  let offers: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  const withServer = async (what: string, work: (seat: SeatSession) => Promise<unknown>): Promise<void> => {
    if (Date.now() < offlineUntil) return;
    try {
      const seat = await openedSeat();
      if (seat) await work(seat);
    } catch (error) {
      offlineUntil = Date.now() + OFFLINE_PAUSE_MS;
      console.warn(`Hark: ${what} (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  return {
    async catalogue(root, pass) {
      const mapped = readSeatConfig(db)?.roots.find((entry) => entry.localPath === root.path);
      if (!mapped) return pass();
      const before = snapshotRoot(db, root);
      const stats = await pass();
      // What the pass saw move or go waits in the queue until the server has it (once each, even across passes).
      const config = readSeatConfig(db);
      if (config) queuePassChanges(db, config, mapped.sharedRootId, root, before, stats);
      await withServer(`the shared catalogue was not told what this pass saw in ${root.path}`, (seat) =>
        tellServerAfterPass(db, seat.shared, seat.config, mapped.sharedRootId, root),
      );
      return stats;
    },
    analysed(fileId, record) {
      // Offered one at a time while the analysis goes on (a result takes milliseconds, a file's analysis tens of
      // them), so that a run of a million files never holds its results; past a backlog the rest are not offered.
      if (waiting >= MAX_WAITING_OFFERS || Date.now() < offlineUntil) return;
      const config = readSeatConfig(db);
      if (!config || config.access === 'reader') return;
      const row = getFileRow(db, fileId);
      const location = row && sharedLocation(config, row.path);
      if (!row || !location) return;
      const { autoTags: _localOnly, ...shared } = record;
      const file = { ...location, size: row.size, quickHash: row.quick_hash };
      waiting++;
      offers = offers
        .then(() =>
          withServer("this run's results were not offered to the shared catalogue", (seat) =>
            offerSharedAnalysis(seat.shared, config.seat, file, shared),
          ),
        )
        .then(() => void waiting--);
    },
    async shareResults() {
      await offers;
    },
    async copyResults() {
      const config = readSeatConfig(db);
      if (!config?.roots.length) return;
      await withServer('no results were copied from the shared catalogue', async (seat) => {
        const options = { db, shared: seat.shared, ...recordOptions() };
        const rootPaths = new Map(config.roots.map((root) => [root.sharedRootId, root.localPath]));
        const files = listLacking(db, config.roots, options.analysisKey);
        if (files.length) await copySharedResultsOf(options, rootPaths, files);
      });
    },
  };
}

function listLacking(db: Db, mapped: readonly { localPath: string }[], analysisKey: string) {
  const paths = new Set(mapped.map((root) => root.localPath));
  return listRoots(db)
    .filter((root) => paths.has(root.path))
    .flatMap((root) => localFilesLacking(db, root.id, analysisKey));
}
