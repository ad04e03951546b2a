// Near duplicates: pairs that pass the near rule, joined into groups (a copy of a copy is in its group too).
import { decodePeaks } from '../../audio/peaks';
import { loadMatrixOf, loadPeaks } from '../../store/analysis';
import type { Db } from '../../store/database';
import type { DuplicateCandidate } from '../../store/duplicates';
import { durationTolerance, nearMatch, type NearSignals } from './near-rule';

export interface NearGroup {
  files: DuplicateCandidate[];
  /** Each file's best cosine with another file of the group. */
  similarity: Map<number, number>;
}

/** Groups of 2+ among `files` (those with features and peaks); pairs are compared only when their durations allow. */
export function nearDuplicates(db: Db, files: readonly DuplicateCandidate[]): NearGroup[] {
  const signals = loadSignals(db, files);
  const nodes = files.filter((file) => signals.has(file.id)).sort((a, b) => a.duration! - b.duration!);
  const parent = new Map<number, number>(nodes.map((file) => [file.id, file.id]));
  const find = (id: number): number => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const best = new Map<number, number>();
  const note = (id: number, similarity: number) => best.set(id, Math.max(best.get(id) ?? -1, similarity));
  // Sorted by duration, each file meets only the files after it that are close enough in length.
  for (let i = 0; i < nodes.length; i++) {
    const a = nodes[i]!;
    for (let j = i + 1; j < nodes.length; j++) {
      const b = nodes[j]!;
      if (b.duration! - a.duration! > durationTolerance(b.duration!)) break;
      const similarity = nearMatch(signals.get(a.id)!, signals.get(b.id)!);
      if (similarity === null) continue;
      note(a.id, similarity);
      note(b.id, similarity);
      parent.set(find(a.id), find(b.id));
    }
  }
  const groups = new Map<number, DuplicateCandidate[]>();
  for (const file of nodes) {
    if (!best.has(file.id)) continue;
    const root = find(file.id);
    groups.set(root, [...(groups.get(root) ?? []), file]);
  }
  return [...groups.values()]
    .filter((group) => group.length > 1)
    .map((group) => ({ files: group, similarity: new Map(group.map((file) => [file.id, best.get(file.id)!])) }));
}

function loadSignals(db: Db, files: readonly DuplicateCandidate[]): Map<number, NearSignals> {
  const usable = files.filter((file) => file.hasFeatures && file.duration !== null && file.duration > 0);
  const matrix = loadMatrixOf(
    db,
    'features',
    usable.map((file) => file.id),
  );
  const byId = new Map(usable.map((file) => [file.id, file]));
  const out = new Map<number, NearSignals>();
  matrix.fileIds.forEach((fileId, row) => {
    const file = byId.get(fileId);
    const stored = loadPeaks(db, fileId);
    if (!file || !stored) return;
    const features = matrix.values.slice(row * matrix.width, (row + 1) * matrix.width);
    let norm = 0;
    for (const value of features) norm += value * value;
    norm = Math.sqrt(norm);
    if (!(norm > 0)) return;
    for (let i = 0; i < features.length; i++) features[i] = features[i]! / norm;
    const peaks = decodePeaks(stored.peaks);
    const envelope = new Float32Array(peaks.data.length / 2);
    for (let i = 0; i < envelope.length; i++) envelope[i] = peaks.data[2 * i + 1]! - peaks.data[2 * i]!;
    out.set(fileId, {
      duration: file.duration!,
      features,
      envelope,
      rate: peaks.rate,
      loudnessLufs: file.loudnessLufs,
    });
  });
  return out;
}
