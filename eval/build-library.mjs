#!/usr/bin/env node
// Builds Hark's dev evaluation library from Debian packages (never the reserved 0ad-data, openclonk-data,
// openttd-opensfx) into OUT (default /tmp/hark-dev-library):
//   OUT/named/<source>/...      the files with their real names and folders (keyword search has a chance)
//   OUT/stripped/<id>.<ext>     the same audio re-encoded by sox with random ids and no tags (only audio counts)
//   OUT/stripped-map.json       { id-path: named-path }: carries the judgements of eval/queries.tsv over
// Needs: apt-get install -y sox unzip sonic-pi-samples hydrogen-drumkits lmms-common ufoai-sound wesnoth-1.16-data
//
// Usage: node eval/build-library.mjs [OUT]

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const OUT = path.resolve(process.argv[2] ?? '/tmp/hark-dev-library');
const AUDIO = /\.(wav|ogg|flac|mp3)$/i;

/** Each source: a Debian package, a folder in it, and where its files go under named/. */
const SOURCES = [
  { pkg: 'sonic-pi-samples', from: '/usr/share/sonic-pi/samples', to: 'sonic-pi' },
  { pkg: 'lmms-common', from: '/usr/share/lmms/samples/drums', to: 'lmms/drums' },
  { pkg: 'lmms-common', from: '/usr/share/lmms/samples/effects', to: 'lmms/effects' },
  { pkg: 'lmms-common', from: '/usr/share/lmms/samples/misc', to: 'lmms/misc' },
  { pkg: 'lmms-common', from: '/usr/share/lmms/samples/beats', to: 'lmms/beats' },
  { pkg: 'lmms-common', from: '/usr/share/lmms/samples/latin', to: 'lmms/latin' },
  { pkg: 'hydrogen-drumkits', from: '/usr/share/hydrogen/data/drumkits/circAfrique v4', to: 'hydrogen/circAfrique' },
  {
    pkg: 'hydrogen-drumkits',
    from: '/usr/share/hydrogen/data/drumkits/ColomboAcousticDrumkit',
    to: 'hydrogen/ColomboAcoustic',
  },
  { pkg: 'hydrogen-drumkits', from: '/usr/share/hydrogen/data/drumkits/HardElectro1', to: 'hydrogen/HardElectro' },
  { pkg: 'wesnoth-1.16-data', from: '/usr/share/games/wesnoth/1.16/data/core/sounds', to: 'wesnoth/sounds' },
  { pkg: 'wesnoth-1.16-data', from: '/usr/share/games/wesnoth/1.16/sounds', to: 'wesnoth/ui' },
  // UFO:AI keeps its sounds in a zip (pk3): extracted, then copied like a folder.
  { pkg: 'ufoai-sound', zip: '/usr/share/games/ufoai/base/0snd.pk3', inner: 'sound', to: 'ufoai' },
];

const RESERVED = ['0ad-data', 'openclonk-data', 'openttd-opensfx'];

function installed(pkg) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf-8' }).includes(
      'install ok installed',
    );
  } catch {
    return false;
  }
}

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (AUDIO.test(name)) out.push(full);
  }
  return out;
}

/** Names on disk stay readable; spaces and odd characters would only complicate the TSV patterns. */
function cleanName(rel) {
  return rel
    .split(path.sep)
    .map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '_'))
    .join('/');
}

for (const r of RESERVED) if (SOURCES.some((s) => s.pkg === r)) throw new Error(`reserved package ${r}`);
rmSync(OUT, { recursive: true, force: true });
mkdirSync(path.join(OUT, 'named'), { recursive: true });
mkdirSync(path.join(OUT, 'stripped'), { recursive: true });

const named = [];
for (const src of SOURCES) {
  if (!installed(src.pkg)) {
    console.error(`skipping ${src.to}: Debian package ${src.pkg} is not installed`);
    continue;
  }
  let from = src.from;
  if (src.zip) {
    from = path.join(OUT, '.unzip', src.to);
    mkdirSync(from, { recursive: true });
    execFileSync('unzip', ['-q', '-o', src.zip, `${src.inner}/*`, '-d', from]);
    from = path.join(from, src.inner);
  }
  for (const file of walk(from)) {
    const rel = `${src.to}/${cleanName(path.relative(from, file))}`;
    const dest = path.join(OUT, 'named', rel);
    mkdirSync(path.dirname(dest), { recursive: true });
    copyFileSync(file, dest);
    named.push(rel);
  }
}
rmSync(path.join(OUT, '.unzip'), { recursive: true, force: true });

// Stripped variant: ids from a hash of the path (reproducible), audio re-encoded so no tag survives.
// Files sox cannot decode (a few LMMS .ogg files are WAV containers with a Vorbis payload) are dropped from both.
const map = {};
const kept = [];
for (const rel of named) {
  const ext = path.extname(rel).toLowerCase() === '.mp3' ? '.wav' : path.extname(rel).toLowerCase();
  const id = createHash('sha256').update(`hark-dev:${rel}`).digest('hex').slice(0, 12) + ext;
  try {
    execFileSync('sox', ['--no-glob', path.join(OUT, 'named', rel), '--comment', '', path.join(OUT, 'stripped', id)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch {
    console.error(`dropped (sox cannot decode): ${rel}`);
    rmSync(path.join(OUT, 'named', rel));
    rmSync(path.join(OUT, 'stripped', id), { force: true });
    continue;
  }
  map[id] = rel;
  kept.push(rel);
}
writeFileSync(path.join(OUT, 'stripped-map.json'), JSON.stringify(map, null, 1));
const bytes = kept.reduce((s, rel) => s + statSync(path.join(OUT, 'named', rel)).size, 0);
console.log(`${kept.length} files, ${(bytes / 1e6).toFixed(1)} MB in ${OUT}/named; stripped copy in ${OUT}/stripped`);
if (!existsSync(path.join(OUT, 'named'))) process.exit(1);
