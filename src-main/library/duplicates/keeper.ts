// Which file of a group to keep, by default: the one that loses the least. Lossless beats lossy, then more
// samples per second, more bits, more channels, the longer (an untrimmed copy) and the larger file; the path
// decides the rest so that the choice never changes between runs.
import type { AudioFormat } from '../../api/contract';
import type { DuplicateCandidate } from '../../store/duplicates';

const LOSSLESS: readonly AudioFormat[] = ['wav', 'aiff', 'flac'];

const CRITERIA: { reason: string; value: (file: DuplicateCandidate) => number }[] = [
  { reason: 'lossless', value: (file) => (LOSSLESS.includes(file.format) ? 1 : 0) },
  { reason: 'highest sample rate', value: (file) => file.sampleRate ?? 0 },
  { reason: 'highest bit depth', value: (file) => file.bitDepth ?? 0 },
  { reason: 'most channels', value: (file) => file.channels ?? 0 },
  { reason: 'longest', value: (file) => file.duration ?? 0 },
  { reason: 'largest file', value: (file) => file.size },
];

function compare(a: DuplicateCandidate, b: DuplicateCandidate): number {
  for (const { value } of CRITERIA) {
    const difference = value(b) - value(a);
    if (difference !== 0) return difference;
  }
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** The group ordered keeper first, and why the keeper beat the runner-up. */
export function rankByKeeping(group: readonly DuplicateCandidate[]): { ordered: DuplicateCandidate[]; reason: string } {
  const ordered = [...group].sort(compare);
  const [first, second] = ordered;
  const decisive = first && second ? CRITERIA.find(({ value }) => value(first) !== value(second)) : undefined;
  return { ordered, reason: decisive?.reason ?? 'first by path (the copies are alike)' };
}
