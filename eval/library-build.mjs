// What both dev-library builders (build-library.mjs, build-library-2.mjs) do alike: refuse the reserved packages,
// find installed packages' audio, and write the names-stripped variant beside the named one.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Kept for independent evaluation: never built into a dev library. */
export const RESERVED = ['0ad-data', 'openclonk-data', 'openttd-opensfx'];

export function refuseReserved(sources) {
  for (const r of RESERVED) if (sources.some((s) => s.pkg === r)) throw new Error(`reserved package ${r}`);
}

export function installed(pkg) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf-8' }).includes(
      'install ok installed',
    );
  } catch {
    return false;
  }
}

/** Audio files (names matching `audio`) under dir, in sorted order. */
export function walk(dir, audio) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full, audio));
    else if (audio.test(name)) out.push(full);
  }
  return out;
}

/** Extracts `inner/` of a zip (pk3) into OUT/.unzip/<key> and returns the folder to read. */
export function unzipped(out, key, zip, inner) {
  const into = path.join(out, '.unzip', key);
  mkdirSync(into, { recursive: true });
  execFileSync('unzip', ['-q', '-o', zip, `${inner}/*`, '-d', into]);
  return path.join(into, inner);
}

/** An empty OUT with named/ and stripped/. */
export function freshOutput(out) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'named'), { recursive: true });
  mkdirSync(path.join(out, 'stripped'), { recursive: true });
}

/**
 * The stripped variant: ids from a hash of `salt` and the path (reproducible), audio re-encoded by sox so no tag
 * survives, OUT/stripped-map.json. Files sox cannot decode are dropped from both variants. Returns the kept paths.
 */
export function writeStripped(out, rels, salt) {
  const map = {};
  const kept = [];
  for (const rel of rels) {
    const ext = path.extname(rel).toLowerCase() === '.mp3' ? '.wav' : path.extname(rel).toLowerCase();
    const id = createHash('sha256').update(`${salt}:${rel}`).digest('hex').slice(0, 12) + ext;
    try {
      execFileSync(
        'sox',
        ['--no-glob', path.join(out, 'named', rel), '--comment', '', path.join(out, 'stripped', id)],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
    } catch {
      console.error(`dropped (sox cannot decode): ${rel}`);
      rmSync(path.join(out, 'named', rel));
      rmSync(path.join(out, 'stripped', id), { force: true });
      continue;
    }
    map[id] = rel;
    kept.push(rel);
  }
  writeFileSync(path.join(out, 'stripped-map.json'), JSON.stringify(map, null, 1));
  const bytes = kept.reduce((s, rel) => s + statSync(path.join(out, 'named', rel)).size, 0);
  console.log(`${kept.length} files, ${(bytes / 1e6).toFixed(1)} MB in ${out}/named; stripped copy in ${out}/stripped`);
  return kept;
}
