import { describe, expect, it } from 'vitest';
import { createTextEncoder, TEXT_EMBEDDING_DIM } from '../../../src-main/ml/text/text-encoder';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

// One model load (about a second) for the whole file.
describe('createTextEncoder (USE-lite, offline)', () => {
  it('embeds texts as unit 512-d vectors where paraphrases are closer than unrelated texts', async () => {
    const encoder = await createTextEncoder({ batchSize: 2 });
    const [dog, dog2, rain, blank] = await encoder.embed(['a dog barking loudly', 'the bark of a dog', 'rain falling on a tin roof', '   ']);
    expect(dog!.length).toBe(TEXT_EMBEDDING_DIM);
    expect(Math.hypot(...dog!)).toBeCloseTo(1, 4);
    expect(dot(dog!, dog2!)).toBeGreaterThan(dot(dog!, rain!) + 0.1);
    // Blank text cannot be tokenised: it becomes a zero vector instead of an error.
    expect(blank!.every((x) => x === 0)).toBe(true);
    // Batching must not change the vectors.
    const [again] = await encoder.embed(['rain falling on a tin roof']);
    expect(dot(again!, rain!)).toBeCloseTo(1, 4);
  });
});
