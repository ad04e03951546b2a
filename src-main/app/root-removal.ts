import { randomBytes } from 'node:crypto';
import type { RootRemoval } from '../api/contract';
import { findLibraryRoot, removeLibraryRoot } from '../library/roots';
import type { Db } from '../store/database';

/** How long the person has to say yes: long enough to read the question, short enough not to linger. */
const CONFIRMATION_MS = 10 * 60_000;

/**
 * Removing a library folder that holds files forgets them and their analysis, so it takes two calls: the first
 * answers with the number of files and a one-time token, and only a second call carrying that token removes the
 * folder. A single request, whoever sent it, can never empty the library. An empty folder goes at once.
 */
export class RootRemovals {
  private readonly pending = new Map<string, { rootPath: string; expires: number }>();

  constructor(private readonly db: Db) {}

  async remove({ path, confirm }: { path: string; confirm?: string }): Promise<RootRemoval> {
    const root = await findLibraryRoot(this.db, path);
    if (!root) return { removed: false };
    if (root.fileCount > 0 && !this.take(confirm, root.path))
      return { removed: false, confirmation: { token: this.issue(root.path), files: root.fileCount } };
    return { removed: await removeLibraryRoot(this.db, root.path) };
  }

  private issue(rootPath: string): string {
    const now = Date.now();
    for (const [token, entry] of this.pending) if (entry.expires <= now) this.pending.delete(token);
    const token = randomBytes(18).toString('base64url');
    this.pending.set(token, { rootPath, expires: now + CONFIRMATION_MS });
    return token;
  }

  /** True, once, for a live token issued for this folder. */
  private take(token: string | undefined, rootPath: string): boolean {
    if (token === undefined) return false;
    const entry = this.pending.get(token);
    if (!entry || entry.rootPath !== rootPath || entry.expires <= Date.now()) return false;
    this.pending.delete(token);
    return true;
  }
}
