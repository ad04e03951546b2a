// Tags every file of a dev library folder once and caches the probabilities:
//   <library>/<variant>-probs.f32 (N x 527 max-over-windows), <variant>-probs-mean.f32, <variant>-files.json
// With --tagger project, the project's tagger (src-main/ml/tagger.ts; model installed from HARK_SHARED into
// /tmp/hark-dev-models) instead of the stand-in, written as <variant>-project-*.
// Usage: npx vite-node eval/tag-library.ts -- /tmp/hark-dev-library named|stripped [--tagger project]

import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { installModel } from '../src-main/ml/model-manager';
import { createTagger } from '../src-main/ml/tagger';
import { createStandInTagger, decode32kMono, NUM_CLASSES } from './stand-in-tagger';

const argv = process.argv.slice(2).filter((a) => a !== '--');
const useProject = argv.includes('--tagger') && argv[argv.indexOf('--tagger') + 1] === 'project';
const [root = '/tmp/hark-dev-library', variant = 'named'] = argv.filter((a) => !a.startsWith('--') && a !== 'project');
const SHARED = process.env.HARK_SHARED ?? new URL('../../shared', import.meta.url).pathname;
const prefix = useProject ? `${variant}-project` : variant;

async function openTagger() {
  if (!useProject) return createStandInTagger(path.join(SHARED, 'models/efficientat-mn04-as/mn04_as.onnx'), 2);
  const modelsDir = '/tmp/hark-dev-models';
  await installModel('efficientat-mn04-as', { mirror: SHARED, modelsDir });
  const tagger = await createTagger({ modelsDir, provider: 'cpu', threads: 2 });
  return {
    tag: async (s: Float32Array) => {
      const t = await tagger.tag(s);
      return { maxProbs: t.maxProbs, meanProbs: t.probs, windows: t.windows.length };
    },
  };
}

function walk(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full, base));
    else if (/\.(wav|ogg|flac|mp3)$/i.test(name)) out.push(path.relative(base, full));
  }
  return out;
}

const dir = path.join(root, variant);
if (!existsSync(dir)) throw new Error(`${dir} missing: run eval/build-library.mjs first`);
const files = walk(dir);
const tagger = await openTagger();
const maxProbs = new Float32Array(files.length * NUM_CLASSES);
const meanProbs = new Float32Array(files.length * NUM_CLASSES);
const t0 = performance.now();
let windows = 0;
for (let i = 0; i < files.length; i++) {
  const tags = await tagger.tag(decode32kMono(path.join(dir, files[i]!)));
  maxProbs.set(tags.maxProbs, i * NUM_CLASSES);
  meanProbs.set(tags.meanProbs, i * NUM_CLASSES);
  windows += tags.windows;
  if (i % 100 === 0) console.error(`${i}/${files.length}`);
}
const secs = (performance.now() - t0) / 1000;
writeFileSync(path.join(root, `${prefix}-probs.f32`), new Uint8Array(maxProbs.buffer));
writeFileSync(path.join(root, `${prefix}-probs-mean.f32`), new Uint8Array(meanProbs.buffer));
writeFileSync(path.join(root, `${prefix}-files.json`), JSON.stringify(files));
console.log(
  `${files.length} files, ${windows} windows in ${secs.toFixed(1)} s (${(windows / secs).toFixed(1)} windows/s, incl. sox decode)`,
);
