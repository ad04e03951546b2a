// Text decoding for tag fields written by many different tools: fixed-size fields padded with
// NULs, and "ASCII" fields that in practice hold UTF-8 or Latin-1.

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Decodes bytes up to the first NUL as UTF-8 when valid, else Latin-1; trims trailing spaces. */
export function decodeField(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  const used = nul >= 0 ? bytes.subarray(0, nul) : bytes;
  let text: string;
  try {
    text = utf8Strict.decode(used);
  } catch {
    text = Buffer.from(used).toString('latin1');
  }
  return text.replace(/[\s]+$/u, '');
}

/** Encodes `text` as UTF-8 into at most `maxBytes` bytes without cutting a character in half. */
export function encodeTruncated(text: string, maxBytes: number): Buffer {
  const full = Buffer.from(text, 'utf8');
  if (full.length <= maxBytes) return full;
  let end = maxBytes;
  // Back up over UTF-8 continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && (full[end]! & 0xc0) === 0x80) end--;
  return full.subarray(0, end);
}

/** Joins a keyword list the way iXML KEYWORDS and Soundminer expect; passes strings through. */
export function keywordText(keywords: string | string[]): string {
  if (typeof keywords === 'string') return keywords;
  return keywords
    .map((k) => k.trim())
    .filter((k) => k.length > 0)
    .join(', ');
}
