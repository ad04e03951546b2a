// Audio side of the training data: every file of a list through mn04_levels.onnx (training/surgery.py), by the
// tagger the analysis pass runs, pooled by the function the analysis pass pools with (src-main/ml/heads/audio-levels.ts
// fileLevels: the windows that end within the first 30 s), so the heads train on the audio they serve. Files that
// fail to decode get a zero row and ok=false.
// Usage: node_modules/.bin/vite-node training/extract-audio.ts -- LIST.json OUT_PREFIX MODEL.onnx
//   LIST.json: a list of absolute paths. Writes OUT_PREFIX.f32 (N x AUDIO_LEVELS_SIZE) and OUT_PREFIX.ok.json.

import { readFileSync, writeFileSync } from 'node:fs';
import { decodeToMono } from '../src-main/audio/decode';
import { SAMPLE_RATE } from '../src-main/ml/efficientat';
import { AUDIO_LEVELS_SIZE, DECODED_SECONDS, fileLevels, levelsEncoder } from '../src-main/ml/heads/audio-levels';
import { createTagger } from '../src-main/ml/tagger';

const [listFile, outPrefix, modelPath] = process.argv.slice(2).filter((a) => a !== '--');
if (!listFile || !outPrefix || !modelPath) throw new Error('usage: extract-audio.ts LIST.json OUT_PREFIX MODEL.onnx');
const files = JSON.parse(readFileSync(listFile, 'utf-8')) as string[];
const tagger = await createTagger({ encoder: levelsEncoder(modelPath), provider: 'cpu', threads: 2 });
const out = new Float32Array(files.length * AUDIO_LEVELS_SIZE);
const ok: boolean[] = [];
const t0 = performance.now();
for (let i = 0; i < files.length; i++) {
  try {
    // Only what the heads hear, and one hop more (see DECODED_SECONDS): long files cost no more than 35 s each.
    const audio = await decodeToMono(files[i]!, SAMPLE_RATE, { maxSeconds: DECODED_SECONDS });
    if (audio.samples.length < 160) throw new Error('too short');
    out.set(fileLevels((await tagger.tag(audio.samples)).windows), i * AUDIO_LEVELS_SIZE);
    ok.push(true);
  } catch (error) {
    console.error(`skipped ${files[i]}: ${(error as Error).message}`);
    ok.push(false);
  }
  if (i % 200 === 0) console.error(`${i}/${files.length} ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
await tagger.close();
writeFileSync(`${outPrefix}.f32`, new Uint8Array(out.buffer));
writeFileSync(`${outPrefix}.ok.json`, JSON.stringify(ok));
console.log(`${files.length} files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
