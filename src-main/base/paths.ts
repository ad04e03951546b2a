import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';

/** The per-user folder where Hark keeps its library database, like Electron's app.getPath('userData'). */
export function appDataDir(): string {
  if (process.env.HARK_HOME) return resolve(process.env.HARK_HOME);
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Hark');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Hark');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'hark');
}

export function defaultDbPath(): string {
  return join(appDataDir(), 'library.db');
}

/** True when `path` is `root` or lies below it. Both must be absolute and normalised. */
export function isInside(path: string, root: string): boolean {
  if (path === root) return true;
  const withSep = root.endsWith(sep) ? root : root + sep;
  return path.startsWith(withSep);
}
