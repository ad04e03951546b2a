import { isAbsolute, resolve } from 'node:path';
import { badRequest } from '../base/errors';

/**
 * A path from a request, normalised. Requests come from other processes (a browser, the renderer) whose working
 * folder means nothing here, so only absolute paths are taken; the CLI resolves its arguments first.
 */
export function absolutePath(path: string, field: string): string {
  if (!path || !isAbsolute(path)) throw badRequest(`${field} must be an absolute path (got "${path}").`);
  return resolve(path);
}
