import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appDataDir } from '../base/paths';

/**
 * Where installed models live: `HARK_MODELS_DIR` if set; else `<project root>/models` when Hark runs from a
 * checkout (its folders are gitignored, its *.json manifests committed); else `<app data>/models`.
 */
export function modelsDir(): string {
  if (process.env.HARK_MODELS_DIR) return resolve(process.env.HARK_MODELS_DIR);
  const root = findProjectRoot();
  return root ? join(root, 'models') : join(appDataDir(), 'models');
}

/**
 * The checkout this code runs from, found by walking up from the module file. The module may be the source
 * (src-main/ml/) or a bundle anywhere below dist/, so no fixed number of `..` is right; the root is the first
 * folder with Hark's package.json and a models/ folder. Packaged apps (inside an .asar) have no writable checkout.
 */
export function findProjectRoot(): string | null {
  for (const start of startingPoints()) {
    let dir = start;
    for (let depth = 0; depth < 12; depth++) {
      if (dir.includes('.asar')) break;
      if (isHarkRoot(dir)) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return null;
}

function startingPoints(): string[] {
  const points: string[] = [];
  try {
    // Empty when esbuild bundles to CommonJS; then the entry script is the next best clue.
    if (import.meta.url) points.push(dirname(fileURLToPath(import.meta.url)));
  } catch {
    // not a file: URL (e.g. bundled into a data: URL); fall through
  }
  if (process.argv[1]) points.push(dirname(resolve(process.argv[1])));
  return points;
}

function isHarkRoot(dir: string): boolean {
  const pkg = join(dir, 'package.json');
  if (!existsSync(pkg) || !existsSync(join(dir, 'models'))) return false;
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'hark';
  } catch {
    return false;
  }
}
