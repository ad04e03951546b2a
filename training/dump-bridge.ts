// The label bridge's side of training/confusion.py: the app's query class weights (its own text tower, label bank
// and settings: queryClassWeights with the UCS route) for every distinct corpus caption, and for each names-stripped
// dev library its files' probabilities, its queries' class weights, kinds and relevant rows.
// Usage: node_modules/.bin/vite-node training/dump-bridge.ts -- WORK_DIR
//   WORK_DIR: npm run train's folder (reads corpus.json). Writes WORK_DIR/bridge/: captions.json, caption-weights.f32,
//   and per library dev-<id>.json (queries, kinds, relevant rows, files) with dev-<id>-weights.f32 and dev-<id>-probs.f32.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BridgeSearch } from '../src-main/search/label-bridge/neural-search';
import { chosenLibraries } from '../eval/libraries.mjs';
import { openStrippedLibrary, stackRows, type BridgeInternals } from '../eval/stripped-library';

const work = process.argv.slice(2).find((a) => a !== '--');
if (!work) throw new Error('usage: dump-bridge.ts WORK_DIR');
const out = path.join(work, 'bridge');
mkdirSync(out, { recursive: true });

const weightsOf = async (bridge: BridgeSearch, texts: string[]): Promise<Uint8Array> => {
  const internals = bridge as unknown as BridgeInternals;
  const scorer = internals.ready();
  const rows: Float32Array[] = [];
  // Copied: the scorer keeps the last query's weights and may hand out the same array again.
  for (const text of texts) rows.push(Float32Array.from(scorer.weights(await internals.embed(text))));
  return new Uint8Array(stackRows(rows).buffer);
};

const corpus = JSON.parse(readFileSync(path.join(work, 'corpus.json'), 'utf-8')) as { caption: string }[];
const captions = [...new Set(corpus.map((c) => c.caption))];
let captionsDone = false;
for (const spec of chosenLibraries(['--library', 'all'])) {
  const { hark, bridge, probs, queries: judged } = await openStrippedLibrary(spec);
  if (!captionsDone) {
    writeFileSync(path.join(out, 'captions.json'), JSON.stringify(captions));
    writeFileSync(path.join(out, 'caption-weights.f32'), await weightsOf(bridge, captions));
    captionsDone = true;
  }
  const queries = judged.map((q) => q.query);
  writeFileSync(
    path.join(out, `dev-${spec.id}.json`),
    JSON.stringify({
      queries,
      kinds: judged.map((q) => q.kind),
      relevant: judged.map((q) => [...q.relevant]),
      files: probs.fileIds.length,
      priorFloor: bridge.settings.priorFloor,
    }),
  );
  writeFileSync(path.join(out, `dev-${spec.id}-weights.f32`), await weightsOf(bridge, queries));
  writeFileSync(path.join(out, `dev-${spec.id}-probs.f32`), new Uint8Array(probs.values.buffer));
  hark.close();
}
console.log(`${captions.length} captions and ${chosenLibraries(['--library', 'all']).length} dev libraries in ${out}`);
