// Latency of the served heads on a synthetic library (random level vectors; the cost does not depend on values):
// text head, joint-embedding shortlist, THA+DCR/CA scoring of the shortlist, DiffATR re-ranking.
// Run it bundled, as the app runs (vite-node's transform made the JS shortlist loop ~7x slower, measured):
//   node_modules/.bin/esbuild training/bench-serving.ts --bundle --platform=node --format=esm \
//     --external:onnxruntime-node --outfile=node_modules/.hark-bench-serving.mjs
//   node_modules/.bin/node node_modules/.hark-bench-serving.mjs [files=100000] [queries=20]
import { AUDIO_LEVELS_SIZE } from '../src-main/ml/heads/audio-levels';
import { loadHeads, textShapes } from '../src-main/ml/heads/heads';
import { searchWithHeads } from '../src-main/ml/heads/search';

const [files = 100_000, queries = 20] = process.argv
  .slice(2)
  .filter((a) => a !== '--')
  .map(Number) as [number?, number?];
const heads = await loadHeads({ threads: 1 });
const levels = new Float32Array(files * AUDIO_LEVELS_SIZE).map(() => Math.random());
let t = performance.now();
const audio = await heads.encodeAudio(levels, files);
console.log(`encode ${files} files: ${((performance.now() - t) / 1000).toFixed(1)} s (once, at load)`);
// Query vectors of the shapes of the tower the heads were trained on (heads.json textLevels).
const shape = textShapes(heads.manifest);
const unit = (dim: number) => {
  const v = new Float32Array(dim).map(() => Math.random() - 0.5);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
for (const steps of [0, 1, 4]) {
  const times: number[] = [];
  for (let q = 0; q < queries; q++) {
    t = performance.now();
    const query = await heads.encodeQuery(unit(shape.sentence), unit(shape.layers));
    await searchWithHeads(heads, query, audio, { ddimSteps: steps });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `ddim ${steps}: p50 ${times[Math.floor(queries / 2)]!.toFixed(1)} ms, p90 ${times[Math.floor(queries * 0.9)]!.toFixed(1)} ms (shortlist 300, ${files} files)`,
  );
}
await heads.close();
