#!/usr/bin/env node
// Builds Hark's dev evaluation library from Debian packages (never the reserved 0ad-data, openclonk-data,
// openttd-opensfx) into OUT (default /tmp/hark-dev-library):
//   OUT/named/<source>/...      the files with their real names and folders (keyword search has a chance)
//   OUT/stripped/<id>.<ext>     the same audio re-encoded by sox with random ids and no tags (only audio counts)
//   OUT/stripped-map.json       { id-path: named-path }: carries the judgements of eval/queries.tsv over
// Needs: apt-get install -y sox unzip sonic-pi-samples hydrogen-drumkits lmms-common ufoai-sound wesnoth-1.16-data
//
// Usage: node eval/build-library.mjs [OUT]

import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { freshOutput, installed, refuseReserved, unzipped, walk, writeStripped } from './library-build.mjs';

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

/** Names on disk stay readable; spaces and odd characters would only complicate the TSV patterns. */
function cleanName(rel) {
  return rel
    .split(path.sep)
    .map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '_'))
    .join('/');
}

refuseReserved(SOURCES);
freshOutput(OUT);

const named = [];
for (const src of SOURCES) {
  if (!installed(src.pkg)) {
    console.error(`skipping ${src.to}: Debian package ${src.pkg} is not installed`);
    continue;
  }
  const from = src.zip ? unzipped(OUT, src.to, src.zip, src.inner) : src.from;
  for (const file of walk(from, AUDIO)) {
    const rel = `${src.to}/${cleanName(path.relative(from, file))}`;
    const dest = path.join(OUT, 'named', rel);
    mkdirSync(path.dirname(dest), { recursive: true });
    copyFileSync(file, dest);
    named.push(rel);
  }
}
rmSync(path.join(OUT, '.unzip'), { recursive: true, force: true });

// Files sox cannot decode (a few LMMS .ogg files are WAV containers with a Vorbis payload) are dropped.
writeStripped(OUT, named, 'hark-dev');
if (!existsSync(path.join(OUT, 'named'))) process.exit(1);
