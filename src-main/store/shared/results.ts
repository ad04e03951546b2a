import type pg from 'pg';
import type { AnalysisRecord } from '../analysis';
import { blobToFloat32, float32ToBlob } from '../blobs';
import { inTransaction, query, type SharedDb } from './connection';

/** The advisory lock that orders the finishing of claims (any number other locks do not use). */
const OUTCOME_LOCK = 0x48524b4f; // 'HRKO'

/** What the server keeps of a file's analysis: the local record less the auto-tags, which each seat derives. */
export type SharedAnalysis = Omit<AnalysisRecord, 'autoTags'>;

/**
 * Stores one file's result if `seat` still holds its lease, and logs it; false (nothing written) when the lease was
 * lost: another seat took the file after this one's lease expired, and only one of the two results may count.
 */
export async function saveSharedAnalysis(
  db: SharedDb,
  seat: string,
  fileId: number,
  record: SharedAnalysis,
): Promise<boolean> {
  return inTransaction(db, async (client) => {
    // The lease first (its row locked until commit), the claim finished last: see finishClaim.
    if (!(await holdsLease(client, seat, fileId))) return false;
    await writeAnalysis(client, fileId, record);
    return finishClaim(client, seat, fileId, 'analysed', record.analysisKey, null, null);
  });
}

/**
 * A result a seat made outside shared analysis (a plain index run), offered for a file of the server at the same
 * version (size and quick hash) that is still owed one and that no other seat is analysing now: stored and logged as
 * a claimed result would be, so the other seats copy it instead of analysing the file again. False (nothing
 * written) otherwise.
 */
export async function offerSharedAnalysis(
  db: SharedDb,
  seat: string,
  file: { rootId: number; relPath: string; size: number; quickHash: string | null },
  record: SharedAnalysis,
): Promise<boolean> {
  return inTransaction(db, async (client) => {
    // A lease of its own for this transaction, so that the result is finished as a claim's is (finishClaim).
    const { rows } = await client.query<{ id: string }>(
      `UPDATE files SET lease_owner = $5, lease_until = now() + interval '1 minute'
       WHERE root_id = $1 AND rel_path = $2 AND size = $3 AND quick_hash IS NOT DISTINCT FROM $4
         AND status = 'pending' AND (lease_owner IS NULL OR lease_until < now())
       RETURNING id`,
      [file.rootId, file.relPath, file.size, file.quickHash, seat],
    );
    const fileId = rows[0] ? Number(rows[0].id) : null;
    if (fileId === null) return false;
    await writeAnalysis(client, fileId, record);
    return finishClaim(client, seat, fileId, 'analysed', record.analysisKey, null, null);
  });
}

/** The file's analysis rows, replacing any it had. */
async function writeAnalysis(client: pg.PoolClient, fileId: number, record: SharedAnalysis): Promise<void> {
  await client.query(
    `INSERT INTO analysis (file_id, analysis_key, model_id, duration, probs, features, peaks, peaks_rate,
       extension_key, extension_vector, extension_data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (file_id) DO UPDATE SET analysis_key = excluded.analysis_key, model_id = excluded.model_id,
       duration = excluded.duration, probs = excluded.probs, features = excluded.features, peaks = excluded.peaks,
       peaks_rate = excluded.peaks_rate, extension_key = excluded.extension_key,
       extension_vector = excluded.extension_vector, extension_data = excluded.extension_data`,
    [
      fileId,
      record.analysisKey,
      record.modelId,
      record.duration,
      record.probs ? float32ToBlob(record.probs) : null,
      record.features ? float32ToBlob(record.features) : null,
      bytes(record.peaks),
      record.peaksRate,
      record.extension?.key ?? null,
      record.extension ? float32ToBlob(record.extension.output.vector) : null,
      record.extension ? bytes(record.extension.output.data) : null,
    ],
  );
  await client.query('DELETE FROM analysis_windows WHERE file_id = $1', [fileId]);
  if (record.windows.length > 1) {
    await client.query(
      `INSERT INTO analysis_windows (file_id, idx, start_s, end_s, probs)
       SELECT $1, idx - 1, start_s, end_s, probs
       FROM unnest($2::float8[], $3::float8[], $4::bytea[]) WITH ORDINALITY AS w(start_s, end_s, probs, idx)`,
      [
        fileId,
        record.windows.map((window) => window.start),
        record.windows.map((window) => window.end),
        record.windows.map((window) => float32ToBlob(window.probs)),
      ],
    );
  }
}

/** Records that the pipeline failed on a file, under the same lease rule as saveSharedAnalysis. */
export async function saveSharedFailure(
  db: SharedDb,
  seat: string,
  fileId: number,
  failure: { analysisKey: string; stage: string; reason: string },
): Promise<boolean> {
  return inTransaction(db, async (client) => {
    if (!(await holdsLease(client, seat, fileId))) return false;
    await client.query('DELETE FROM analysis WHERE file_id = $1', [fileId]);
    return finishClaim(client, seat, fileId, 'failed', failure.analysisKey, failure.stage, failure.reason);
  });
}

/**
 * Whether `seat` holds the file's lease; the file's row stays locked until the transaction ends (NO KEY: the foreign
 * key checks of edits to the file need not wait for its analysis to be written).
 */
async function holdsLease(client: pg.PoolClient, seat: string, fileId: number): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM files WHERE id = $1 AND lease_owner = $2 FOR NO KEY UPDATE', [
    fileId,
    seat,
  ]);
  return Boolean(rowCount);
}

async function finishClaim(
  client: pg.PoolClient,
  seat: string,
  fileId: number,
  outcome: 'analysed' | 'failed',
  analysisKey: string,
  stage: string | null,
  reason: string | null,
): Promise<boolean> {
  // Outcome seqs must become visible in their order: a following seat copies the results after the last seq it
  // copied, so a seq committed after a higher one would never be copied there. One finisher at a time from here to
  // commit (this is the transaction's last step) makes the two orders the same, as CHANGES_LOCK does for changes.
  await client.query('SELECT pg_advisory_xact_lock($1)', [OUTCOME_LOCK]);
  const { rowCount } = await client.query(
    `UPDATE files SET status = $3, done_key = $4, error_stage = $5, error = $6, lease_owner = NULL, lease_until = NULL,
       outcome_seq = nextval('outcome_seq')
     WHERE id = $1 AND lease_owner = $2`,
    [fileId, seat, outcome, analysisKey, stage, reason],
  );
  if (!rowCount) return false;
  await client.query('INSERT INTO analysis_log (file_id, seat, analysis_key, outcome) VALUES ($1, $2, $3, $4)', [
    fileId,
    seat,
    analysisKey,
    outcome,
  ]);
  // Following seats hear of it on commit, as of an edit (the payload is not a change's seq: they only catch up).
  await client.query(`SELECT pg_notify('hark_changes', 'outcome')`);
  return true;
}

/** A finished file of the server, as a seat compares it with its own catalogue. */
export interface SharedOutcome {
  id: number;
  rootId: number;
  relPath: string;
  size: number;
  quickHash: string | null;
  status: 'analysed' | 'failed';
  doneKey: string;
  errorStage: string | null;
  error: string | null;
  /** Its place in the order results were accepted. */
  seq: number;
}

/**
 * The finished files of the roots (analysed or failed) accepted after `sinceSeq` (0: every one), in that order, for
 * a seat to bring its local copy up to date.
 */
export async function sharedOutcomes(db: SharedDb, rootIds: readonly number[], sinceSeq = 0): Promise<SharedOutcome[]> {
  const { rows } = await query<OutcomeRow>(
    db,
    `SELECT ${OUTCOME_COLUMNS} FROM files
     WHERE root_id = ANY($1::bigint[]) AND status <> 'pending' AND outcome_seq > $2 ORDER BY outcome_seq`,
    [rootIds, sinceSeq],
  );
  return rows.map(toOutcome);
}

/** The finished files among some paths of one root (those a seat has just catalogued, say). */
export async function sharedOutcomesAt(
  db: SharedDb,
  rootId: number,
  relPaths: readonly string[],
): Promise<SharedOutcome[]> {
  if (relPaths.length === 0) return [];
  const { rows } = await query<OutcomeRow>(
    db,
    `SELECT ${OUTCOME_COLUMNS} FROM files
     WHERE root_id = $1 AND rel_path = ANY($2::text[]) AND status <> 'pending' ORDER BY outcome_seq`,
    [rootId, relPaths],
  );
  return rows.map(toOutcome);
}

const OUTCOME_COLUMNS = 'id, root_id, rel_path, size, quick_hash, status, done_key, error_stage, error, outcome_seq';

interface OutcomeRow {
  id: string;
  root_id: string;
  rel_path: string;
  size: string;
  quick_hash: string | null;
  status: 'analysed' | 'failed';
  done_key: string;
  error_stage: string | null;
  error: string | null;
  outcome_seq: string;
}

function toOutcome(row: OutcomeRow): SharedOutcome {
  return {
    id: Number(row.id),
    rootId: Number(row.root_id),
    relPath: row.rel_path,
    size: Number(row.size),
    quickHash: row.quick_hash,
    status: row.status,
    doneKey: row.done_key,
    errorStage: row.error_stage,
    error: row.error,
    seq: Number(row.outcome_seq),
  };
}

/** The stored results of some files (those a seat lacks), by server file id. */
export async function loadSharedAnalyses(
  db: SharedDb,
  fileIds: readonly number[],
): Promise<Map<number, SharedAnalysis>> {
  const out = new Map<number, SharedAnalysis>();
  if (fileIds.length === 0) return out;
  const { rows } = await query<{
    file_id: string;
    analysis_key: string;
    model_id: string | null;
    duration: number | null;
    probs: Buffer | null;
    features: Buffer | null;
    peaks: Buffer;
    peaks_rate: number;
    extension_key: string | null;
    extension_vector: Buffer | null;
    extension_data: Buffer | null;
  }>(db, 'SELECT * FROM analysis WHERE file_id = ANY($1::bigint[])', [fileIds]);
  for (const row of rows) {
    out.set(Number(row.file_id), {
      analysisKey: row.analysis_key,
      modelId: row.model_id,
      duration: row.duration,
      probs: row.probs ? blobToFloat32(row.probs) : null,
      features: row.features ? blobToFloat32(row.features) : null,
      peaks: new Uint8Array(row.peaks),
      peaksRate: row.peaks_rate,
      extension:
        row.extension_key && row.extension_vector && row.extension_data
          ? {
              key: row.extension_key,
              output: { vector: blobToFloat32(row.extension_vector), data: new Uint8Array(row.extension_data) },
            }
          : null,
      windows: [],
    });
  }
  const windows = await query<{ file_id: string; start_s: number; end_s: number; probs: Buffer }>(
    db,
    'SELECT file_id, start_s, end_s, probs FROM analysis_windows WHERE file_id = ANY($1::bigint[]) ORDER BY file_id, idx',
    [fileIds],
  );
  for (const row of windows.rows) {
    out.get(Number(row.file_id))?.windows.push({ start: row.start_s, end: row.end_s, probs: blobToFloat32(row.probs) });
  }
  return out;
}

function bytes(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
