import type { LibraryInfo } from '../api/contract';
import { errorMessage } from '../base/errors';
import type { Db } from '../store/database';
import type { NeuralSearch } from '../search/neural';
import type { UcsLookup } from '../search/ucs-of';
import { modelStatus } from '../ml/model-manager';

export const AUDIO_MODEL_ID = 'efficientat-mn04-as';
/** Bump when the analysis pipeline changes in a way that changes stored results (front-end, windows, pooling). */
const PIPELINE_VERSION = 1;

export interface LoadedModels {
  audio: LibraryInfo['model'];
  text: LibraryInfo['textModel'];
  analysisKey: string;
  neural: NeuralSearch | null;
  autoTags: ((probs: Float32Array) => { source: 'audioset' | 'ucs'; label: string; score: number }[]) | null;
  ucsLookup: UcsLookup | null;
}

/**
 * Finds which models are installed and opens what search needs. Never throws: a missing or corrupt model leaves
 * keyword search working and says why in `hark info`.
 */
export async function loadModels(db: Db, modelsDir: string, options: { textSide: boolean }): Promise<LoadedModels> {
  let audio: LibraryInfo['model'] = { id: AUDIO_MODEL_ID, installed: false };
  try {
    const status = await modelStatus(AUDIO_MODEL_ID, modelsDir);
    audio = { id: AUDIO_MODEL_ID, installed: status.state === 'installed', problem: status.state === 'installed' ? undefined : status.message };
  } catch (error) {
    audio = { id: AUDIO_MODEL_ID, installed: false, problem: errorMessage(error) };
  }
  void db;
  void options;
  return {
    audio,
    text: { id: null, installed: false, problem: 'not loaded' },
    analysisKey: audio.installed ? `${AUDIO_MODEL_ID}@${PIPELINE_VERSION}` : `peaks@${PIPELINE_VERSION}`,
    neural: null,
    autoTags: null,
    ucsLookup: null,
  };
}
