// The best segment of a long file: the analysis window where its top tag is heard most clearly.
import { bestWindow, type TaggedWindow } from '../ml/windows';

/**
 * `classIndex`: the top tag's output index. Without it (no class list installed) the window with the single most
 * confident tag of any kind wins. Null when there is nothing to choose from (short files store no windows).
 */
export function bestSegment(
  windows: readonly TaggedWindow[],
  classIndex: number | undefined,
): { start: number; end: number; score: number } | null {
  if (classIndex !== undefined) return bestWindow(windows, [{ classIndex, weight: 1 }]);
  if (windows.length < 2) return null;
  let best: { start: number; end: number; score: number } | null = null;
  for (const window of windows) {
    const score = maxOf(window.probs);
    if (!best || score > best.score) best = { start: window.start, end: window.end, score };
  }
  return best;
}

function maxOf(values: Float32Array): number {
  let max = 0;
  for (const v of values) max = Math.max(max, v);
  return max;
}
