// Probe MP3, Ogg, Opus, AIFF and M4A through music-metadata (headers and tags only, no decode),
// mapping its native tags to Hark's flat `id3.*`, `vorbis.*`, `aiff.*`, `mp4.*`, `ape.*` keys.
import { openAsBlob } from 'node:fs';
import type { IAudioMetadata } from 'music-metadata';
import { fsPath } from '../base/path-bytes';
import type { ContainerKind, Sniffed } from '../container/sniff';
import { ProbeError } from './errors';
import { addNormalisedKeys } from './normalise';
import type { FileProbe } from './types';

/** ID3v2 frame ids (2.2, 2.3, 2.4) with the friendly names the rest of Hark uses. */
const ID3_NAMES: Record<string, string> = {
  TIT2: 'title',
  TT2: 'title',
  TPE1: 'artist',
  TP1: 'artist',
  TALB: 'album',
  TAL: 'album',
  TCON: 'genre',
  TCO: 'genre',
  TYER: 'year',
  TYE: 'year',
  TDRC: 'year',
  TCOM: 'composer',
  TCOP: 'copyright',
  TPUB: 'publisher',
  TIT1: 'grouping',
  TIT3: 'subtitle',
};

/** MIME types make music-metadata use the parser our sniffing chose; by default it trusts the extension. */
const MIME_TYPES: Partial<Record<ContainerKind, string>> = {
  mpeg: 'audio/mpeg',
  adts: 'audio/aacp',
  ogg: 'audio/ogg',
  aiff: 'audio/aiff',
  mp4: 'audio/mp4',
};

export async function probeTagged(path: string, { format, container }: Sniffed): Promise<FileProbe> {
  // Imported on the first tagged file, not with this module: loading music-metadata costs every CLI command a
  // tenth of a second or more, and only cataloguing needs it.
  const { parseBlob } = await import('music-metadata');
  let parsed: IAudioMetadata;
  try {
    // A Blob backed by the file: random access (headers, last Ogg page) without reading it all.
    const blob = await openAsBlob(fsPath(path), { type: MIME_TYPES[container] ?? '' });
    parsed = await parseBlob(blob, { duration: false, skipCovers: true });
  } catch (error) {
    throw new ProbeError(path, `cannot read this ${format} file: ${(error as Error).message}`);
  }
  const info = parsed.format;
  if (info.hasAudio === false || !info.sampleRate) {
    throw new ProbeError(path, `no audio stream found in this ${format} file`);
  }
  return {
    format,
    codec: info.codec ?? null,
    duration: info.duration ?? null,
    sampleRate: info.sampleRate ?? null,
    channels: info.numberOfChannels ?? null,
    bitDepth: info.lossless && info.bitsPerSample ? info.bitsPerSample : null,
    metadata: addNormalisedKeys(flattenNative(parsed.native)),
  };
}

function flattenNative(native: IAudioMetadata['native']): Record<string, string> {
  const out: Record<string, string> = {};
  const hasId3v2 = Object.keys(native).some((t) => t.startsWith('ID3v2'));
  for (const [tagType, tags] of Object.entries(native)) {
    const prefix = prefixFor(tagType);
    // ID3v1 is a 30-character shadow of ID3v2; only use it when it is all there is.
    if (!prefix || (tagType === 'ID3v1' && hasId3v2)) continue;
    for (const { id, value } of tags) {
      const text = valueText(value);
      if (!text) continue;
      let name = prefix === 'id3' ? (ID3_NAMES[id] ?? id) : id;
      if (prefix === 'id3' && (id === 'COMM' || id === 'COM')) name = commentName(value);
      if (prefix === 'vorbis') name = id.toUpperCase();
      const key = `${prefix}.${name.trim()}`;
      if (!(key in out)) out[key] = text;
    }
  }
  return out;
}

function prefixFor(tagType: string): string | null {
  if (tagType.startsWith('ID3')) return 'id3';
  if (tagType === 'vorbis') return 'vorbis';
  if (tagType === 'AIFF') return 'aiff';
  if (tagType === 'iTunes') return 'mp4';
  if (tagType === 'APEv2') return 'ape';
  return null;
}

function commentName(value: unknown): string {
  const descriptor = (value as { descriptor?: string } | null)?.descriptor;
  return descriptor ? `comment:${descriptor}` : 'comment';
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && 'text' in value && typeof value.text === 'string') return value.text.trim();
  return '';
}
