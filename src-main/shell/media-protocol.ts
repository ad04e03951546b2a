import { createReadStream } from 'node:fs';
import { fsPath } from '../base/path-bytes';
import { Readable } from 'node:stream';
import type { MediaFile } from '../app/media';
import type { RegionAudio } from '../app/region-export';
import { parseByteRange } from '../base/byte-range';
import { attachment } from '../base/content-disposition';
import { HarkError } from '../base/errors';

export const MEDIA_SCHEME = 'hark-media';

/** What the protocol needs of the core: a library file's bytes, or a WAV of a stretch of it. */
export interface MediaSource {
  media(fileId: number): Promise<MediaFile>;
  regionAudio(fileId: number, start: number, end: number): Promise<RegionAudio>;
}

/**
 * Answers `hark-media://file/<id>` requests with the file's bytes, honouring Range so <audio> can seek, and
 * `hark-media://region/<id>?start=&end=` with a WAV of that stretch (the player's export). The id is looked up in
 * the library; anything outside the library folders is refused.
 */
export async function handleMediaRequest(source: MediaSource, request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    const match = /^\/?(\d+)$/.exec(url.pathname.replace(/^\/+/, ''));
    if (url.hostname === 'region' && match) return await regionResponse(source, Number(match[1]), url.searchParams);
    if (url.hostname !== 'file' || !match) throw new HarkError('bad-request', 'Use hark-media://file/<id>.');
    const media = await source.media(Number(match[1]));
    const range = parseByteRange(request.headers.get('range') ?? undefined, media.size);
    if (range === 'invalid')
      return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${media.size}` } });
    const { start, end } = range ?? { start: 0, end: Math.max(0, media.size - 1) };
    const headers = new Headers({
      'Content-Type': media.mimeType,
      'Accept-Ranges': 'bytes',
      'Content-Length': String(media.size === 0 ? 0 : end - start + 1),
    });
    if (range) headers.set('Content-Range', `bytes ${start}-${end}/${media.size}`);
    if (media.size === 0) return new Response(null, { status: 200, headers });
    const body = Readable.toWeb(createReadStream(fsPath(media.path), { start, end })) as ReadableStream<Uint8Array>;
    return new Response(body, { status: range ? 206 : 200, headers });
  } catch (error) {
    const status =
      error instanceof HarkError
        ? (({ 'bad-request': 400, forbidden: 403, 'not-found': 404 } as Record<string, number>)[error.code] ?? 500)
        : 500;
    return new Response(error instanceof Error ? error.message : 'error', { status });
  }
}

async function regionResponse(source: MediaSource, fileId: number, query: URLSearchParams): Promise<Response> {
  const region = await source.regionAudio(fileId, Number(query.get('start')), Number(query.get('end')));
  const headers = new Headers({
    'Content-Type': 'audio/wav',
    'Content-Length': String(region.bytes.length),
    'Content-Disposition': attachment(region.fileName),
  });
  return new Response(region.bytes, { status: 200, headers });
}
