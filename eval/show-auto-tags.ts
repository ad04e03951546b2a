// Prints the auto-tags (top AudioSet labels, suggested UCS CatIDs) of some dev-library files, to eyeball them.
// Usage: npx vite-node eval/show-auto-tags.ts -- [/tmp/hark-dev-library] [substring ...]

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { classToUcsMap, suggestUcs, topAudioSetTags } from '../src-main/ml/text/auto-tags';
import { loadLabelBank } from '../src-main/ml/text/label-bank';
import { createTextEncoder } from '../src-main/ml/text/text-encoder';

const args = process.argv.slice(2).filter((a) => a !== '--');
const library = args[0] ?? '/tmp/hark-dev-library';
const wanted = args.slice(1);
const SHARED = process.env.HARK_SHARED ?? new URL('../../shared', import.meta.url).pathname;
const bank = await loadLabelBank({
  audiosetDir: path.join(SHARED, 'data/audioset'),
  ucsDir: path.join(SHARED, 'data/ucs'),
  cacheDir: path.join(library, 'cache'),
  getEncoder: () => createTextEncoder(),
});
const t = performance.now();
const map = classToUcsMap(bank.audiosetUcsSimilarity, bank.ucs.length);
console.log(`class-to-UCS map built in ${(performance.now() - t).toFixed(0)} ms`);
const files = JSON.parse(readFileSync(path.join(library, 'named-files.json'), 'utf-8')) as string[];
const b = readFileSync(path.join(library, 'named-probs.f32'));
const probs = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
files.forEach((f, i) => {
  if (wanted.length && !wanted.some((w) => f.includes(w))) return;
  const p = probs.subarray(i * 527, (i + 1) * 527);
  const tags = topAudioSetTags(p, bank.audioset, { limit: 3 }).map((x) => `${x.label} ${x.probability.toFixed(2)}`);
  const ucs = suggestUcs(p, map, bank.ucs, { limit: 2 }).map((x) => `${x.catId} ${x.confidence.toFixed(2)}`);
  console.log(`${f}\n    ${tags.join(', ') || '-'}  |  ${ucs.join(', ') || '-'}`);
});
