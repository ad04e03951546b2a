import { errorMessage } from '../base/errors';
import { createTagger } from '../ml/tagger';
import type { Tagger } from './analyse-file';
import type { WorkerInit } from './analysis-protocol';

/** Opens the audio encoder if a model is installed; without one, analysis still decodes and draws waveforms. */
export async function openTagger(init: WorkerInit): Promise<{ tagger: Tagger | null; provider: string; problem?: string }> {
  if (!init.modelId) return { tagger: null, provider: 'none' };
  try {
    const tagger = await createTagger({ modelsDir: init.modelsDir, provider: init.provider as never, threads: init.threads });
    return { tagger, provider: tagger.provider };
  } catch (error) {
    return { tagger: null, provider: 'none', problem: errorMessage(error) };
  }
}
