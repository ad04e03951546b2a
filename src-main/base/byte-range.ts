/** The one byte range of an HTTP Range header that Hark serves, or 'invalid' (answer 416), or null (whole file). */
export function parseByteRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'invalid' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return 'invalid';
  const [, first, last] = match;
  if (first === '' && last === '') return 'invalid';
  let start: number;
  let end: number;
  if (first === '') {
    // "bytes=-500": the last 500 bytes
    const suffix = Number(last);
    if (suffix === 0) return 'invalid';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}
