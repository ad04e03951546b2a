// The label bridge's side of training/confusion.py: the app's query class weights (its own text tower, label bank
// and settings: queryClassWeights with the UCS route) for every distinct corpus caption, and for each names-stripped
// dev library its files' probabilities, its queries' class weights, kinds and relevant rows.
// Usage: node_modules/.bin/vite-node training/dump-bridge.ts -- WORK_DIR
//   WORK_DIR: npm run train's folder (reads corpus.json). Writes WORK_DIR/bridge/: captions.json, caption-weights.f32,
//   and per library dev-<id>.json (queries, kinds, relevant rows, files) with dev-<id>-weights.f32 and dev-<id>-probs.f32.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openHark } from '../src-main/app/open-hark';
import type { Hark } from '../src-main/app/hark';
import type { BridgeSearch } from '../src-main/search/label-bridge/neural-search';
import type { LibraryScorer } from '../src-main/search/label-bridge/library-scorer';
import type { Searcher } from '../src-main/search/searcher';
import { loadMatrix } from '../src-main/store/analysis';
import type { Db } from '../src-main/store/database';
import { pathNormaliser, readQueries, resolveJudgements } from '../eval/judgements.mjs';
import { listAudio } from '../eval/metrics.mjs';
import { chosenLibraries } from '../eval/libraries.mjs';

const work = process.argv.slice(2).find((a) => a !== '--');
if (!work) throw new Error('usage: dump-bridge.ts WORK_DIR');
const out = path.join(work, 'bridge');
mkdirSync(out, { recursive: true });

function bridgeOf(hark: Hark): BridgeSearch {
  const searcher = (hark as unknown as { searcher: Searcher }).searcher;
  const bridge = (searcher as unknown as { models: Record<string, BridgeSearch> }).models['label-bridge'];
  if (!bridge) throw new Error('no label bridge: are the models installed?');
  return bridge;
}

const weightsOf = async (bridge: BridgeSearch, texts: string[]): Promise<Uint8Array> => {
  const internals = bridge as unknown as { ready(): LibraryScorer; embed(t: string): Promise<Float32Array> };
  const scorer = internals.ready();
  const rows: Float32Array[] = [];
  // Copied: the scorer keeps the last query's weights and may hand out the same array again.
  for (const text of texts) rows.push(Float32Array.from(scorer.weights(await internals.embed(text))));
  const all = new Float32Array(rows.length * rows[0]!.length);
  rows.forEach((r, i) => all.set(r, i * r.length));
  return new Uint8Array(all.buffer);
};

const corpus = JSON.parse(readFileSync(path.join(work, 'corpus.json'), 'utf-8')) as { caption: string }[];
const captions = [...new Set(corpus.map((c) => c.caption))];
let captionsDone = false;
for (const spec of chosenLibraries(['--library', 'all'])) {
  const judgements = resolveJudgements(readQueries(spec.queries), listAudio(path.join(spec.dir, 'named'))) as Map<
    string,
    { kind: string; relevant: Set<string> }
  >;
  const hark = await openHark({ dbPath: path.join(spec.dir, 'hark-stripped.db') });
  const bridge = bridgeOf(hark);
  if (!captionsDone) {
    writeFileSync(path.join(out, 'captions.json'), JSON.stringify(captions));
    writeFileSync(path.join(out, 'caption-weights.f32'), await weightsOf(bridge, captions));
    captionsDone = true;
  }
  const probs = loadMatrix((bridge as unknown as { db: Db }).db, 'probs');
  const normalise = pathNormaliser(spec.dir, 'stripped');
  const rowOfKey = new Map<string, number>();
  for (let i = 0; i < probs.fileIds.length; i++)
    rowOfKey.set(normalise((await hark.getFile({ fileId: probs.fileIds[i]! })).path), i);
  const queries = [...judgements.keys()];
  writeFileSync(
    path.join(out, `dev-${spec.id}.json`),
    JSON.stringify({
      queries,
      kinds: queries.map((q) => judgements.get(q)!.kind),
      relevant: queries.map((q) => [...judgements.get(q)!.relevant].flatMap((k) => rowOfKey.get(k) ?? [])),
      files: probs.fileIds.length,
      priorFloor: bridge.settings.priorFloor,
    }),
  );
  writeFileSync(path.join(out, `dev-${spec.id}-weights.f32`), await weightsOf(bridge, queries));
  writeFileSync(path.join(out, `dev-${spec.id}-probs.f32`), new Uint8Array(probs.values.buffer));
  hark.close();
}
console.log(`${captions.length} captions and ${chosenLibraries(['--library', 'all']).length} dev libraries in ${out}`);
