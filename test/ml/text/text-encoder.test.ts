import { describe, expect, it } from 'vitest';
import { createTextEncoder, ENCODER_LAYERS, TEXT_EMBEDDING_DIM } from '../../../src-main/ml/text/text-encoder';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

// One model load (about a second) for the whole file.
describe('createTextEncoder (USE-lite, offline)', () => {
  it('embeds texts as unit 512-d vectors where paraphrases are closer than unrelated texts', async () => {
    const encoder = await createTextEncoder({ batchSize: 2 });
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

  it('also returns the two transformer layers pooled over each text’s own tokens, whatever the batch', async () => {
    const encoder = await createTextEncoder({ batchSize: 8 });
    const texts = ['rain falling on a tin roof', 'dog', 'a creaky wooden door'];
    const levels = await encoder.embedWithLayers(texts);
    const sentences = await encoder.embed(texts);
    levels.forEach((level, i) => {
      expect(level.layers.length).toBe(ENCODER_LAYERS * TEXT_EMBEDDING_DIM);
      expect(dot(level.sentence, sentences[i]!)).toBeCloseTo(1, 5);
    });
    // 'dog' is one token padded to six in that batch: alone it must pool to the same layers.
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
