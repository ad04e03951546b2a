import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** A file being read from a mirror: its bytes as a stream, and its size when the mirror says. */
export interface MirrorDownload {
  source: string;
  size: number | null;
  body: AsyncIterable<Uint8Array>;
}

/**
 * Opens `mirrorPath` below a mirror root. The root is a local folder (or file: URL), or an http(s) URL whose
 * layout matches the folder's (`<root>/models/<id>/...`, `<root>/data/...`).
 */
export async function openMirrorFile(mirror: string, mirrorPath: string): Promise<MirrorDownload> {
  if (/^https?:\/\//i.test(mirror)) {
    const url = mirror.replace(/\/+$/, '') + '/' + mirrorPath.split('/').map(encodeURIComponent).join('/');
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new Error(`Cannot reach the model mirror at ${url}: ${(error as Error).message}`);
    }
    if (!response.ok || !response.body)
      throw new Error(`The model mirror answered ${response.status} ${response.statusText} for ${url}`);
    const length = Number(response.headers.get('content-length'));
    return {
      source: url,
      size: Number.isFinite(length) && length > 0 ? length : null,
      body: Readable.fromWeb(response.body as never),
    };
  }
  const root = mirror.startsWith('file:') ? fileURLToPath(mirror) : mirror;
  const path = join(isAbsolute(root) ? root : resolve(root), ...mirrorPath.split('/'));
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new Error(`The model mirror has no ${mirrorPath} (looked for ${path})`);
  }
  return { source: path, size, body: createReadStream(path) };
}
