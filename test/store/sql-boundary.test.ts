// SQL lives only in src-main/store/: everything else asks the store. This reads the source tree, so a new
// `db.prepare(` or better-sqlite3 import anywhere else fails here with the file and line.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src-main/', import.meta.url));

const SQL_SIGNS: { what: string; pattern: RegExp }[] = [
  {
    what: 'imports better-sqlite3',
    pattern: /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]better-sqlite3['"]/,
  },
  { what: 'prepares a statement', pattern: /\.prepare\s*\(/ },
  { what: 'sets a pragma', pattern: /\.pragma\s*\(/ },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(?:[cm]?[jt]s|svelte)$/.test(entry.name) ? [path] : [];
  });
}

/** Every SQL sign in the files outside store/, as "file:line: what". */
function sqlOutsideStore(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const path of sourceFiles(SRC)) {
    const file = relative(SRC, path).split(sep).join('/');
    if (file.startsWith('store/')) continue;
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        for (const sign of SQL_SIGNS) {
          if (!sign.pattern.test(line)) continue;
          found.set(file, [...(found.get(file) ?? []), `${file}:${index + 1}: ${sign.what}`]);
        }
      });
  }
  return found;
}

describe('SQL boundary', () => {
  const found = sqlOutsideStore();

  it('finds no SQL outside src-main/store/', () => {
    expect([...found.values()].flat()).toEqual([]);
  });

  it('sees SQL where there is some: the store itself', () => {
    const store = sourceFiles(join(SRC, 'store')).map((path) => readFileSync(path, 'utf8'));
    for (const sign of SQL_SIGNS) expect(store.some((text) => sign.pattern.test(text))).toBe(true);
  });
});
