// A share measured on few files, with its uncertainty: the Wilson score interval, which (unlike p ± 1.96·se) stays
// inside [0, 1] and does not shrink to nothing at 0 of n or n of n, the cases a handful of confident files give.

export interface Proportion {
  successes: number;
  n: number;
  /** successes / n; null when n is 0. */
  share: number | null;
  /** The 95% Wilson score interval (z = 1.96); null when n is 0. */
  low: number | null;
  high: number | null;
}

export function wilson(successes: number, n: number, z = 1.96): Proportion {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || n < 0 || successes > n)
    throw new Error(`wilson: ${successes} of ${n} is not a count`);
  if (n === 0) return { successes, n, share: null, low: null, high: null };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  // Clamped: at 0 or n successes the formula lands on the bound only up to rounding.
  return { successes, n, share: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** "3/4 = 0.75 [0.30, 0.95]", or "0/0" when nothing was measured. */
export function formatProportion(p: Proportion): string {
  if (p.share === null) return `${p.successes}/${p.n}`;
  return `${p.successes}/${p.n} = ${p.share.toFixed(2)} [${p.low!.toFixed(2)}, ${p.high!.toFixed(2)}]`;
}
