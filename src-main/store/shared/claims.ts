import { query, type SharedDb } from './connection';

// Work distribution between seats. A claim is a lease: the seat's name and an expiry time on the file's row. Claims
// are taken with FOR UPDATE SKIP LOCKED, so seats claiming at the same moment never wait on each other's rows nor
// take the same file; the lease carries the claim past that transaction, and an expired lease (a seat killed or cut
// off) is anyone's to take again.

export interface ClaimedFile {
  id: number;
  rootId: number;
  relPath: string;
}

export interface ClaimRequest {
  rootIds: readonly number[];
  seat: string;
  /** The pipeline this seat runs: files done by another pipeline are owed its analysis. */
  analysisKey: string;
  leaseMs: number;
  limit: number;
}

/** Up to `limit` files owed an analysis that no live lease holds, now leased to `seat`. */
export async function claimFiles(db: SharedDb, request: ClaimRequest): Promise<ClaimedFile[]> {
  const { rows } = await query<{ id: string; root_id: string; rel_path: string }>(
    db,
    `WITH picked AS (
       SELECT id FROM files
       WHERE root_id = ANY($1::bigint[]) AND done_key IS DISTINCT FROM $2
         AND (lease_until IS NULL OR lease_until < now())
       ORDER BY id
       LIMIT $3
       FOR UPDATE SKIP LOCKED
     )
     UPDATE files SET lease_owner = $4, lease_until = now() + $5 * interval '1 millisecond'
     FROM picked WHERE files.id = picked.id
     RETURNING files.id, files.root_id, files.rel_path`,
    [request.rootIds, request.analysisKey, request.limit, request.seat, request.leaseMs],
  );
  return rows.map((row) => ({ id: Number(row.id), rootId: Number(row.root_id), relPath: row.rel_path }));
}

/** Extends this seat's leases on the files it is still working on; returns the ids it still holds. */
export async function renewLeases(
  db: SharedDb,
  seat: string,
  fileIds: readonly number[],
  leaseMs: number,
): Promise<Set<number>> {
  if (fileIds.length === 0) return new Set();
  const { rows } = await query<{ id: string }>(
    db,
    `UPDATE files SET lease_until = now() + $3 * interval '1 millisecond'
     WHERE id = ANY($1::bigint[]) AND lease_owner = $2
     RETURNING id`,
    [fileIds, seat, leaseMs],
  );
  return new Set(rows.map((row) => Number(row.id)));
}

/** Gives back this seat's unfinished claims at once (a clean stop), instead of leaving them to expire. */
export async function releaseClaims(db: SharedDb, seat: string, fileIds: readonly number[]): Promise<void> {
  if (fileIds.length === 0) return;
  await query(
    db,
    `UPDATE files SET lease_owner = NULL, lease_until = NULL WHERE id = ANY($1::bigint[]) AND lease_owner = $2`,
    [fileIds, seat],
  );
}

/**
 * How many files of the roots are still owed this pipeline's analysis, claimed or not (0: the work is over), not
 * counting `except` (files the asking seat cannot see).
 */
export async function filesOwed(
  db: SharedDb,
  rootIds: readonly number[],
  analysisKey: string,
  except: readonly number[] = [],
): Promise<number> {
  const { rows } = await query<{ owed: string }>(
    db,
    `SELECT count(*) AS owed FROM files
     WHERE root_id = ANY($1::bigint[]) AND done_key IS DISTINCT FROM $2 AND NOT (id = ANY($3::bigint[]))`,
    [rootIds, analysisKey, except],
  );
  return Number(rows[0]!.owed);
}

/** What the server still owes of the roots under this pipeline, for progress: files free to claim, and leased. */
export async function owedByLease(
  db: SharedDb,
  rootIds: readonly number[],
  analysisKey: string,
): Promise<{ unclaimed: number; leased: number }> {
  const { rows } = await query<{ unclaimed: string; leased: string }>(
    db,
    `SELECT count(*) FILTER (WHERE lease_until IS NULL OR lease_until < now()) AS unclaimed,
            count(*) FILTER (WHERE lease_until >= now()) AS leased
     FROM files WHERE root_id = ANY($1::bigint[]) AND done_key IS DISTINCT FROM $2`,
    [rootIds, analysisKey],
  );
  return { unclaimed: Number(rows[0]!.unclaimed), leased: Number(rows[0]!.leased) };
}
