// Text side of the training data, run by `training/train.py` (the TF.js USE-lite model runs in Node only).
// Reads <work>/texts.json (a list of strings) and writes, one row per text, float32:
//   <work>/text-sentence.f32  USE-lite sentence embedding (512, unit length)
//   <work>/text-layers.f32    USE-lite's two transformer layers, each pooled over the text's tokens (2 x 512)
// and the label bank: <work>/labels-audioset.f32 (527 x 512, name + description), <work>/labels-ucs.f32,
// <work>/labels.json ({ audioset: names[], ucs: names[] }).
// Usage: node_modules/.bin/vite-node training/embed-texts.ts -- WORK_DIR

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTextEncoder } from '../src-main/ml/text/text-encoder';
import { loadLabelBank, ucsShortText } from '../src-main/ml/text/label-bank';

const work = process.argv.slice(2).filter((a) => a !== '--')[0] ?? '/tmp/hark-train';
const modelsDir = process.env.HARK_MODELS_DIR ?? path.join(import.meta.dirname, '..', 'models');
const texts = JSON.parse(readFileSync(path.join(work, 'texts.json'), 'utf-8')) as string[];
const encoder = await createTextEncoder();
const t0 = performance.now();

const write = (name: string, rows: Float32Array[]) => {
  const width = rows[0]?.length ?? 512;
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(r, i * width));
  writeFileSync(path.join(work, name), new Uint8Array(out.buffer));
};

// The same function the app runs on a query (text-encoder.ts embedWithLayers).
const levels = await encoder.embedWithLayers(texts);
write(
  'text-sentence.f32',
  levels.map((l) => l.sentence),
);
write(
  'text-layers.f32',
  levels.map((l) => l.layers),
);

const bank = await loadLabelBank({
  audiosetDir: path.join(modelsDir, 'audioset'),
  ucsDir: path.join(modelsDir, 'ucs'),
  cacheDir: path.join(work, 'label-cache'),
  getEncoder: async () => encoder,
});
writeFileSync(path.join(work, 'labels-audioset.f32'), new Uint8Array(bank.audiosetEmbeddings.buffer.slice(0)));
writeFileSync(path.join(work, 'labels-ucs.f32'), new Uint8Array(bank.ucsEmbeddings.buffer.slice(0)));
writeFileSync(
  path.join(work, 'labels.json'),
  JSON.stringify({ audioset: bank.audioset.map((c) => c.name), ucs: bank.ucs.map(ucsShortText) }),
);
console.log(`${texts.length} texts embedded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
