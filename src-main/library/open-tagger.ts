import { join } from 'node:path';
import { errorMessage } from '../base/errors';
import { openAudioHead } from '../ml/heads/heads';
import { createTagger } from '../ml/tagger';
import type { Tagger } from './analyse-file';
import type { WorkerInit } from './analysis-protocol';

/**
 * Opens the audio encoder if a model is installed; without one, analysis still decodes and draws waveforms.
 * With the trained heads installed, the encoder is mn04 with level outputs and each file also gets the heads'
 * codes (one extra small graph per file, not a second encoder run).
 */
export async function openTagger(init: WorkerInit): Promise<{ tagger: Tagger | null; provider: string; problem?: string }> {
  if (!init.modelId) return { tagger: null, provider: 'none' };
  try {
    const levelsModelPath = init.headsDir ? join(init.headsDir, 'mn04_levels.onnx') : undefined;
    const tagger = await createTagger({ modelsDir: init.modelsDir, provider: init.provider as never, threads: init.threads, levelsModelPath });
    if (!init.headsDir) return { tagger, provider: tagger.provider };
    const audioHead = await openAudioHead(init.headsDir, 1);
    const withHeads: Tagger = {
      async tag(samples) {
        const tags = await tagger.tag(samples);
        if (!tags.levels) throw new Error('the levels model returned no level outputs');
        const { ea, za, probs } = await audioHead.encode(tags.levels, 1);
        return { ...tags, heads: { ea, za, probs } };
      },
    };
    return { tagger: withHeads, provider: tagger.provider };
  } catch (error) {
    return { tagger: null, provider: 'none', problem: errorMessage(error) };
  }
}
