import type { Db } from './database';
import { stmt } from './statements';

/**
 * A value that changes whenever the set of analysed files (or their analysis) changes, for caches built from the
 * analysis table. Checking is nearly free while nothing was written: SQLite's data_version moves when another
 * connection commits (an indexer in another process), total_changes when this one writes. Only then is the
 * files table consulted.
 */
export class AnalysisStamp {
  private quick = '';
  private full = '';

  constructor(private readonly db: Db) {}

  current(): string {
    const quick = `${stmt(this.db, 'PRAGMA data_version').pluck().get()}:${stmt(this.db, 'SELECT total_changes()').pluck().get()}`;
    if (quick !== this.quick) {
      const row = stmt(
        this.db,
        "SELECT COUNT(*) AS n, COALESCE(MAX(analysed_at), 0) AS latest, COALESCE(SUM(id), 0) AS ids FROM files WHERE status = 'analysed'",
      ).get() as { n: number; latest: number; ids: number };
      this.full = `${row.n}:${row.latest}:${row.ids}`;
      this.quick = quick;
    }
    return this.full;
  }
}
