// Vorbis comments (FLAC VORBIS_COMMENT block, Ogg Vorbis/Opus headers): "KEY=value" pairs.

export interface VorbisComments {
  vendor: string;
  /** In file order; keys as written (the spec says case-insensitive, so compare upper-cased). */
  entries: { key: string; value: string }[];
}

export function parseVorbisComments(buf: Buffer): VorbisComments {
  return readVorbisComments(buf).comments;
}

/** The comments at the start of `buf`, and where they end (Ogg headers carry more bytes after them). */
export function readVorbisComments(buf: Buffer): { comments: VorbisComments; end: number } {
  let at = 0;
  const u32 = () => {
    if (at + 4 > buf.length) throw new Error('vorbis comment block is truncated');
    const v = buf.readUInt32LE(at);
    at += 4;
    return v;
  };
  const str = () => {
    const len = u32();
    if (at + len > buf.length) throw new Error('vorbis comment block is truncated');
    const s = buf.toString('utf8', at, at + len);
    at += len;
    return s;
  };
  const vendor = str();
  const count = u32();
  const entries: VorbisComments['entries'] = [];
  for (let i = 0; i < count; i++) {
    const entry = str();
    const eq = entry.indexOf('=');
    if (eq > 0) entries.push({ key: entry.slice(0, eq), value: entry.slice(eq + 1) });
  }
  return { comments: { vendor, entries }, end: at };
}

export function buildVorbisComments(comments: VorbisComments): Buffer {
  const parts: Buffer[] = [];
  const str = (s: string) => {
    const bytes = Buffer.from(s, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(bytes.length);
    parts.push(len, bytes);
  };
  str(comments.vendor);
  const count = Buffer.alloc(4);
  count.writeUInt32LE(comments.entries.length);
  parts.push(count);
  for (const { key, value } of comments.entries) str(`${key}=${value}`);
  return Buffer.concat(parts);
}

/** Flat `vorbis.KEY` fields; repeated keys are joined with "; " so nothing is lost. */
export function flattenVorbisComments(comments: VorbisComments): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of comments.entries) {
    const name = `vorbis.${key.toUpperCase()}`;
    if (!value) continue;
    out[name] = out[name] ? `${out[name]}; ${value}` : value;
  }
  return out;
}

/** `comments` with each given key set to one value (replacing all earlier values of that key). */
export function setVorbisFields(comments: VorbisComments, fields: Record<string, string>): VorbisComments {
  const upper = new Set(Object.keys(fields).map((k) => k.toUpperCase()));
  const kept = comments.entries.filter((e) => !upper.has(e.key.toUpperCase()));
  const added = Object.entries(fields)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => ({ key, value }));
  return { vendor: comments.vendor, entries: [...kept, ...added] };
}
