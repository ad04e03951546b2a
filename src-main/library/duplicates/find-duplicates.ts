// Duplicate detection over a folder or the whole library: exact groups first, then near groups among what is left
// (each exact group takes part through its keeper alone, so no exact group comes back as a near one).
import {
  DUPLICATES_COLLECTION,
  type DuplicateFile,
  type DuplicateGroup,
  type DuplicateKind,
  type DuplicatesResult,
} from '../../api/contract';
import type { Db } from '../../store/database';
import { duplicateCandidates, fileIdsInCollectionNamed, type DuplicateCandidate } from '../../store/duplicates';
import { exactDuplicates } from './exact';
import { rankByKeeping } from './keeper';
import { nearDuplicates } from './near';

export interface FindOptions {
  folder: string | null;
  kind: DuplicateKind | null;
}

export async function findDuplicates(db: Db, { folder, kind }: FindOptions): Promise<DuplicatesResult> {
  const files = duplicateCandidates(db, folder);
  const marked = fileIdsInCollectionNamed(db, DUPLICATES_COLLECTION);
  const exact = await exactDuplicates(db, files);
  const groups: DuplicateGroup[] = [];
  const hidden = new Set<number>();
  for (const members of exact.groups) {
    const { ordered, reason } = keeperFirst(members, marked);
    // The group takes part in near groups through the file kept (a person's choice, else the suggestion).
    ordered.slice(1).forEach((file) => hidden.add(file.id));
    if (kind !== 'near') groups.push(group('exact', ordered, reason, marked, null));
  }
  let nearGroups = 0;
  if (kind !== 'exact') {
    for (const near of nearDuplicates(
      db,
      files.filter((file) => !hidden.has(file.id)),
    )) {
      const { ordered, reason } = keeperFirst(near.files, marked);
      groups.push(group('near', ordered, reason, marked, near.similarity));
      nearGroups++;
    }
  }
  return {
    groups,
    exactGroups: exact.groups.length,
    nearGroups,
    files: files.length,
    hashed: exact.hashed,
    notAnalysed: files.filter((file) => !file.hasFeatures).length,
    unreadable: exact.unreadable,
  };
}

/**
 * The suggested keeper first. A file a person already marked for removal is never suggested: the best unmarked one
 * is, and the reason says why the usual choice was passed over.
 */
function keeperFirst(members: readonly DuplicateCandidate[], marked: ReadonlySet<number>) {
  const ranked = rankByKeeping(members);
  const ordered = [
    ...ranked.ordered.filter((f) => !marked.has(f.id)),
    ...ranked.ordered.filter((f) => marked.has(f.id)),
  ];
  const passedOver = ordered[0] !== ranked.ordered[0] ? ranked.ordered[0] : undefined;
  return { ordered, reason: passedOver ? `${passedOver.name} is marked for removal` : ranked.reason };
}

function group(
  kind: DuplicateKind,
  ordered: DuplicateCandidate[],
  keeperReason: string,
  marked: ReadonlySet<number>,
  similarity: ReadonlyMap<number, number> | null,
): DuplicateGroup {
  const files = ordered.map((file): DuplicateFile => ({
    id: file.id,
    path: file.path,
    name: file.name,
    folder: file.folder,
    format: file.format,
    size: file.size,
    duration: file.duration,
    sampleRate: file.sampleRate,
    channels: file.channels,
    bitDepth: file.bitDepth,
    status: file.status,
    favourite: file.favourite,
    modifiedMs: file.mtimeMs,
    codec: file.codec,
    loudnessLufs: file.loudnessLufs,
    similarity: similarity ? round(similarity.get(file.id) ?? null) : null,
    marked: marked.has(file.id),
  }));
  return { kind, files, keeperId: ordered[0]!.id, keeperReason };
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10000) / 10000;
}
