// Text side of the training data, run by `training/train.py` with the text tower it chose (training/text-tower.ts).
// Reads <dir>/texts.json (a list of strings) and writes, one row per text, float32:
//   <dir>/text-sentence.f32  the tower's sentence embedding (dim, unit length)
//   <dir>/text-layers.f32    every block of the tower, each pooled over the text's tokens (layers x dim)
// and the label bank: <dir>/labels-audioset.f32 (527 x dim, name + description), <dir>/labels-ucs.f32,
// <dir>/labels.json ({ audioset: names[], ucs: names[] }); last <dir>/text-tower.json ({ name, id, dim, layers }):
// which tower made these vectors, read by train.py (cache check) and data.py (the shapes).
// Usage: node_modules/.bin/vite-node training/embed-texts.ts -- DIR TOWER_NAME

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chooseTextTower, createTextEncoder, type TextTowerName } from '../src-main/ml/text/text-encoder';
import { loadLabelBank, ucsShortText } from '../src-main/ml/text/label-bank';

const [work = '/tmp/hark-train', towerName] = process.argv.slice(2).filter((a) => a !== '--');
const modelsDir = process.env.HARK_MODELS_DIR ?? path.join(import.meta.dirname, '..', 'models');
const tower = chooseTextTower({ tower: towerName as TextTowerName | undefined, modelsDir });
const texts = JSON.parse(readFileSync(path.join(work, 'texts.json'), 'utf-8')) as string[];
const encoder = await createTextEncoder({ tower: tower.name, modelsDir });
if (encoder.id !== tower.id || encoder.dim !== tower.dim)
  throw new Error(`the ${tower.name} encoder is ${encoder.id} (${encoder.dim}-d), its registry entry ${tower.id}`);
const t0 = performance.now();

const write = (name: string, rows: Float32Array[], width: number) => {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    if (r.length !== width) throw new Error(`${name}: row ${i} has ${r.length} values, not ${width}`);
    out.set(r, i * width);
  });
  writeFileSync(path.join(work, name), new Uint8Array(out.buffer));
};

// The same function the app runs on a query (text-encoder.ts embedWithLayers).
const levels = await encoder.embedWithLayers(texts);
write(
  'text-sentence.f32',
  levels.map((l) => l.sentence),
  tower.dim,
);
write(
  'text-layers.f32',
  levels.map((l) => l.layers),
  tower.layers * tower.dim,
);

const bank = await loadLabelBank({
  audiosetDir: path.join(modelsDir, 'audioset'),
  ucsDir: path.join(modelsDir, 'ucs'),
  cacheDir: path.join(work, 'label-cache'),
  getEncoder: async () => encoder,
  encoderId: tower.id,
  dim: tower.dim,
});
writeFileSync(path.join(work, 'labels-audioset.f32'), new Uint8Array(bank.audiosetEmbeddings.buffer.slice(0)));
writeFileSync(path.join(work, 'labels-ucs.f32'), new Uint8Array(bank.ucsEmbeddings.buffer.slice(0)));
writeFileSync(
  path.join(work, 'labels.json'),
  JSON.stringify({ audioset: bank.audioset.map((c) => c.name), ucs: bank.ucs.map(ucsShortText) }),
);
// Last: its presence says every file above is complete and of this tower.
writeFileSync(
  path.join(work, 'text-tower.json'),
  JSON.stringify({ name: tower.name, id: tower.id, dim: tower.dim, layers: tower.layers }),
);
console.log(`${texts.length} texts embedded by ${tower.id} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
