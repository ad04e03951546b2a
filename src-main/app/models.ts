import { join } from 'node:path';
import type { LibraryInfo, SearchModel } from '../api/contract';
import { errorMessage } from '../base/errors';
import { modelStatus } from '../ml/model-manager';
import { classToUcsMap, suggestUcs, topAudioSetTags } from '../ml/text/auto-tags';
import { loadLabelBank, type LabelBank } from '../ml/text/label-bank';
import { chooseTextTower, createTextEncoder, type SentenceEncoder, type TextTowerInfo } from '../ml/text/text-encoder';
import { createTextEncoderThread } from '../ml/text/text-encoder-thread';
import type { AnalysisExtensionSpec } from '../ml/analysis-extension';
import { CLASS_COUNT } from '../ml/efficientat';
import { findHeads, headsDir, openTrainedHeads, type InstalledHeads, type TrainedHeads } from '../ml/heads';
import { BridgeColumns } from '../search/label-bridge/columns';
import { BridgeSearch } from '../search/label-bridge/neural-search';
import { HeadsSearch } from '../search/heads-search';
import { QueryEmbeddings } from '../search/query-embeddings';
import type { NeuralSearch } from '../search/neural';
import type { Db } from '../store/database';

export const AUDIO_MODEL_ID = 'efficientat-mn04-as';
/** Bump when the analysis pipeline changes in a way that changes stored results (front-end, windows, pooling). */
const PIPELINE_VERSION = 1;

export type AutoTagger = (probs: Float32Array) => { source: 'audioset' | 'ucs'; label: string; score: number }[];

export interface LoadedModels {
  audio: LibraryInfo['model'];
  text: LibraryInfo['textModel'];
  heads: InstalledHeads;
  /** The analysis extension the analysis pass runs: the trained heads' codes, when they are installed. */
  extension: AnalysisExtensionSpec | null;
  analysisKey: string;
  /** The key of an analysis without the extension's output (see Indexer). */
  analysisKeyWithoutExtension: string;
  /** The neural searches that can answer, by model; the label bridge whenever any can. */
  neural: Partial<Record<SearchModel, NeuralSearch>>;
  autoTags: AutoTagger | null;
  /**
   * Brings the default model's cache beside the library up to date (after an index run), so that the next
   * process's first search only reads it. Never throws: a cache that cannot be written is rebuilt by a search.
   */
  saveSearchCaches: () => void;
}

export interface LoadModelsOptions {
  textSide: boolean;
  /** Default `<modelsDir>/hark-heads` (what `npm run train` writes) or $HARK_HEADS_DIR. */
  headsDir?: string;
  /** Where the heads' ANN index may be cached on disk (null: memory only). */
  headsIndexPath?: string | null;
  /** Where the label bridge's probability columns may be cached on disk (null: memory only). */
  bridgeCachePath?: string | null;
}

/**
 * Finds which models are installed and opens what search needs. Never throws: a missing or corrupt model leaves
 * keyword search working and says why in `hark info`. The text encoder itself loads on the first neural query.
 */
export async function loadModels(db: Db, modelsDir: string, options: LoadModelsOptions): Promise<LoadedModels> {
  const audio = await status(AUDIO_MODEL_ID, modelsDir);
  const labels = await status('audioset', modelsDir);
  const ucs = await status('ucs', modelsDir);
  // Chosen once: the heads must have been trained on the tower the text side runs.
  let tower: TextTowerInfo | null = null;
  let towerProblem = '';
  try {
    tower = chooseTextTower({ modelsDir });
  } catch (error) {
    towerProblem = errorMessage(error);
  }
  const heads = audio.installed
    ? findHeads(options.headsDir ?? headsDir(modelsDir), tower?.id ?? null)
    : findHeads(null, null);
  const extension = heads.extension;
  // Installing (or retraining) the heads re-analyses the library once: their codes come from the encoder pass.
  const analysisKeyWithoutExtension = audio.installed
    ? `${AUDIO_MODEL_ID}@${PIPELINE_VERSION}`
    : `peaks@${PIPELINE_VERSION}`;
  const analysisKey = extension ? `${analysisKeyWithoutExtension}+${extension.key}` : analysisKeyWithoutExtension;
  // Without the text side (an index run) the label bridge's columns are followed here, only to be saved.
  const bridgeCachePath = options.bridgeCachePath ?? null;
  const saveColumns = () => {
    if (audio.installed && bridgeCachePath) new BridgeColumns(db, CLASS_COUNT, bridgeCachePath).persist();
  };
  const none = {
    audio,
    heads,
    extension,
    analysisKey,
    analysisKeyWithoutExtension,
    neural: {},
    autoTags: null,
    saveSearchCaches: neverThrowing(saveColumns),
  };
  const labelProblem = !labels.installed ? labels.problem : !ucs.installed ? ucs.problem : undefined;
  if (!tower) return { ...none, text: { id: 'none', installed: false, problem: towerProblem } };
  if (labelProblem) return { ...none, text: { id: tower.id, installed: false, problem: labelProblem } };

  let encoder: Promise<SentenceEncoder> | null = null;
  const towerOptions = { tower: tower.name, modelsDir };
  const getEncoder = () => (encoder ??= Promise.resolve(createTextEncoderThread(towerOptions)));
  // A process that will search starts loading the tower now, beside the rest of its start (the label bank, the
  // keyword index, the bridge's matrix), instead of at its first query: ~0.3 s of ONNX Runtime's session set-up.
  if (options.textSide && audio.installed) void getEncoder();
  let bank: LabelBank;
  try {
    bank = await loadLabelBank({ ...labelDirs(modelsDir), getEncoder, encoderId: tower.id, dim: tower.dim });
  } catch (error) {
    return { ...none, text: { id: tower.id, installed: false, problem: errorMessage(error) } };
  }
  const toUcs = classToUcsMap(bank.audiosetUcsSimilarity, bank.ucs.length);
  const autoTags: AutoTagger = (probs) => [
    ...topAudioSetTags(probs, bank.audioset, { limit: 8, minProbability: 0.05 }).map((tag) => ({
      source: 'audioset' as const,
      label: tag.label,
      score: tag.probability,
    })),
    ...suggestUcs(probs, toUcs, bank.ucs, { limit: 3 }).map((s) => ({
      source: 'ucs' as const,
      label: s.catId,
      score: s.confidence,
    })),
  ];
  const neural: LoadedModels['neural'] = {};
  let bridge: BridgeSearch | null = null;
  if (options.textSide && audio.installed) {
    const embeddings = new QueryEmbeddings(getEncoder, extension !== null);
    bridge = new BridgeSearch(db, bank, embeddings, bridgeCachePath);
    neural['label-bridge'] = bridge;
    if (extension) {
      let opened: Promise<TrainedHeads> | null = null;
      // A failed load is not kept: the next search tries again (the heads may have been reinstalled meanwhile).
      const getHeads = () =>
        (opened ??= openTrainedHeads(extension.dir, 1).catch((error: unknown) => {
          opened = null;
          throw error;
        }));
      const classNames = bank.audioset.map((c) => c.name);
      neural['hark-heads'] = new HeadsSearch(
        db,
        extension.key,
        getHeads,
        embeddings,
        classNames,
        options.headsIndexPath ?? null,
      );
    }
  }
  return {
    audio,
    heads,
    extension,
    analysisKey,
    analysisKeyWithoutExtension,
    text: { id: tower.id, installed: true },
    neural,
    autoTags,
    // A process that searches saves the columns it already holds rather than reading them a second time.
    saveSearchCaches: neverThrowing(bridge ? () => bridge.persist() : saveColumns),
  };
}

function neverThrowing(save: () => void): () => void {
  return () => {
    try {
      save();
    } catch (error) {
      console.warn(`Hark: the search cache beside the library was not updated (${errorMessage(error)}).`);
    }
  };
}

/**
 * Embeds the label texts once (10 s with MiniLM, about a minute with USE-lite) so that no search or index run pays for it later: part of
 * `hark models install`.
 */
export async function prepareLabelBank(modelsDir: string): Promise<LabelBank> {
  const tower = chooseTextTower({ modelsDir });
  return loadLabelBank({
    ...labelDirs(modelsDir),
    getEncoder: () => createTextEncoder({ tower: tower.name, modelsDir }),
    encoderId: tower.id,
    dim: tower.dim,
  });
}

function labelDirs(modelsDir: string) {
  return {
    audiosetDir: join(modelsDir, 'audioset'),
    ucsDir: join(modelsDir, 'ucs'),
    cacheDir: join(modelsDir, 'cache'),
  };
}

async function status(id: string, modelsDir: string): Promise<LibraryInfo['model']> {
  try {
    const result = await modelStatus(id, modelsDir);
    return {
      id,
      installed: result.state === 'installed',
      problem: result.state === 'installed' ? undefined : result.message,
    };
  } catch (error) {
    return { id, installed: false, problem: errorMessage(error) };
  }
}
