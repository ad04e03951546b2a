import type { Db } from './database';
import { analysisChangeSeq } from './analysis-changes';
import { stmt } from './statements';

/**
 * A value that changes whenever the set of analysed files (or their analysis) changes, for caches built from the
 * analysis table. Checking is nearly free while nothing was written: SQLite's data_version moves when another
 * connection commits (an indexer in another process), total_changes when this one writes. Only then is the
 * log of analysis changes consulted (its last entry, one look-up).
 */
export class AnalysisStamp {
  private quick = '';
  private full = '';

  constructor(private readonly db: Db) {}

  current(): string {
    const quick = `${stmt(this.db, 'PRAGMA data_version').pluck().get()}:${stmt(this.db, 'SELECT total_changes()').pluck().get()}`;
    if (quick !== this.quick) {
      // The log of analysis changes (migration 8) gets an entry for every such change, whoever wrote it.
      this.full = String(analysisChangeSeq(this.db));
      this.quick = quick;
    }
    return this.full;
  }
}
