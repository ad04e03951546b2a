// Exact duplicates: files whose decoded audio is the same. Only files that agree on the catalogue's facts (sample
// rate, channels, length to the frame) can be, so only those are decoded; each hash is kept in the library against
// the file's version, and a second run decodes only what is new or changed.
import type { PathFailure } from '../../api/contract';
import { DecodeError } from '../../audio/decode-error';
import type { Db } from '../../store/database';
import { saveAudioHash, storedAudioHashes, type DuplicateCandidate } from '../../store/duplicates';
import { audioHash } from './audio-hash';

export interface ExactResult {
  groups: DuplicateCandidate[][];
  hashed: number;
  unreadable: PathFailure[];
}

/** What two files must share to be worth decoding; null for a file whose headers do not say. */
function factsKey(file: DuplicateCandidate): string | null {
  if (!file.sampleRate || !file.channels || file.duration === null) return null;
  return `${file.sampleRate}|${file.channels}|${Math.round(file.duration * file.sampleRate)}`;
}

export async function exactDuplicates(
  db: Db,
  files: readonly DuplicateCandidate[],
  hash: (path: string) => Promise<string> = audioHash,
): Promise<ExactResult> {
  const byFacts = new Map<string, DuplicateCandidate[]>();
  for (const file of files) {
    const key = factsKey(file);
    if (key !== null) byFacts.set(key, [...(byFacts.get(key) ?? []), file]);
  }
  const candidates = [...byFacts.values()].filter((group) => group.length > 1).flat();
  const stored = storedAudioHashes(
    db,
    candidates.map((file) => file.id),
  );
  let hashed = 0;
  const unreadable: PathFailure[] = [];
  const byHash = new Map<string, DuplicateCandidate[]>();
  for (const file of candidates) {
    let result = stored.get(file.id);
    if (!result) {
      result = await hashOrReason(file.path, hash);
      saveAudioHash(db, file, result);
      hashed++;
    }
    if (result.hash === null) {
      unreadable.push({ path: file.path, reason: result.error ?? 'cannot decode' });
      continue;
    }
    // The facts go into the key too: two files that decode alike but whose headers disagree stay apart.
    const key = `${factsKey(file)}|${result.hash}`;
    byHash.set(key, [...(byHash.get(key) ?? []), file]);
  }
  return { groups: [...byHash.values()].filter((group) => group.length > 1), hashed, unreadable };
}

/** A file that cannot be decoded is recorded with its reason (and not decoded again until it changes). */
async function hashOrReason(path: string, hash: (path: string) => Promise<string>) {
  try {
    return { hash: await hash(path), error: null };
  } catch (error) {
    if (error instanceof DecodeError) return { hash: null, error: error.reason };
    // A file that vanished or became unreadable since the scan: not recorded as the file's fault.
    const reason = error instanceof Error ? error.message : String(error);
    return { hash: null, error: reason };
  }
}
