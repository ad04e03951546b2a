import { describe, expect, it } from 'vitest';
import {
  chooseTextTower,
  createTextEncoder,
  TEXT_TOWERS,
  towerInstalled,
  type TextTowerInfo,
} from '../../../src-main/ml/text/text-encoder';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

// Both towers, offline. MiniLM is built by the install (scripts/install.sh); without it only USE-lite runs here.
const towers = Object.values(TEXT_TOWERS).filter((tower) => towerInstalled(tower));
if (!towerInstalled(TEXT_TOWERS['minilm-l6-v2']))
  console.warn('MiniLM text tower not installed: run bash scripts/install.sh (or hark models install)');

describe.each(towers)('createTextEncoder ($name)', (tower: TextTowerInfo) => {
  const TEXT_EMBEDDING_DIM = tower.dim;
  const ENCODER_LAYERS = tower.layers;
  it('embeds texts as unit vectors where paraphrases are closer than unrelated texts', async () => {
    const encoder = await createTextEncoder({ tower: tower.name, batchSize: 2 });
    expect(encoder.id).toBe(tower.id);
    const [dog, dog2, rain, blank] = await encoder.embed([
      'a dog barking loudly',
      'the bark of a dog',
      'rain falling on a tin roof',
      '   ',
    ]);
    expect(dog!.length).toBe(TEXT_EMBEDDING_DIM);
    expect(Math.hypot(...dog!)).toBeCloseTo(1, 4);
    expect(dot(dog!, dog2!)).toBeGreaterThan(dot(dog!, rain!) + 0.1);
    // Blank text cannot be tokenised: it becomes a zero vector instead of an error.
    expect(Array.from(blank!)).toEqual(new Array(TEXT_EMBEDDING_DIM).fill(0));
    // Batching must not change the vectors.
    const [again] = await encoder.embed(['rain falling on a tin roof']);
    expect(dot(again!, rain!)).toBeCloseTo(1, 4);
  });

  it('also returns every layer pooled over each text’s own tokens, whatever the batch', async () => {
    const encoder = await createTextEncoder({ tower: tower.name, batchSize: 8 });
    const texts = ['rain falling on a tin roof', 'dog', 'a creaky wooden door'];
    const levels = await encoder.embedWithLayers(texts);
    const sentences = await encoder.embed(texts);
    levels.forEach((level, i) => {
      expect(level.layers.length).toBe(ENCODER_LAYERS * TEXT_EMBEDDING_DIM);
      expect(dot(level.sentence, sentences[i]!)).toBeCloseTo(1, 5);
    });
    // 'dog' is one token padded to the longest text's length in that batch: alone it must pool to the same layers.
    const [alone] = await encoder.embedWithLayers(['dog']);
    let worst = 0;
    for (let d = 0; d < alone!.layers.length; d++)
      worst = Math.max(worst, Math.abs(alone!.layers[d]! - levels[1]!.layers[d]!));
    expect(worst).toBeLessThan(1e-4);
    // The layers are not copies of one another, nor the same for different texts.
    const layer = (l: Float32Array, k: number) => l.subarray(k * TEXT_EMBEDDING_DIM, (k + 1) * TEXT_EMBEDDING_DIM);
    expect(Array.from(layer(levels[0]!.layers, 0))).not.toEqual(Array.from(layer(levels[0]!.layers, 1)));
    expect(Array.from(levels[0]!.layers)).not.toEqual(Array.from(levels[2]!.layers));
  });
});

describe('chooseTextTower', () => {
  it('takes the tower asked for, else the default when installed, else USE-lite', () => {
    expect(chooseTextTower({ tower: 'use-lite' }).name).toBe('use-lite');
    expect(chooseTextTower({ modelsDir: '/nonexistent-models' }).name).toBe('use-lite');
    expect(() => chooseTextTower({ tower: 'gpt' as never })).toThrow(/Unknown text tower "gpt"/);
  });
});
