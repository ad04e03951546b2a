import { join } from 'node:path';
import { errorMessage } from '../base/errors';
import { openAudioHead } from '../ml/heads/heads';
import { createTagger, type TaggerOptions } from '../ml/tagger';
import type { Tagger } from './analyse-file';
import type { WorkerInit } from './analysis-protocol';

type Opened = { tagger: Tagger | null; provider: string; problem?: string };

/**
 * Opens the audio encoder if a model is installed; without one, analysis still decodes and draws waveforms.
 * With the trained heads installed, the encoder is mn04 with level outputs and each file also gets the heads'
 * codes (one extra small graph per file, not a second encoder run). Heads that fail to open cost only their codes:
 * the plain tagger runs, the problem is reported, and the files are analysed again once the heads work.
 */
export async function openTagger(init: WorkerInit): Promise<Opened> {
  if (!init.modelId) return { tagger: null, provider: 'none' };
  const options: TaggerOptions = { modelsDir: init.modelsDir, provider: init.provider as never, threads: init.threads };
  let headsProblem: string | undefined;
  if (init.headsDir) {
    try {
      return await openWithHeads(init.headsDir, options);
    } catch (error) {
      headsProblem = `trained heads not used: ${errorMessage(error)}`;
    }
  }
  try {
    const tagger = await createTagger(options);
    return { tagger, provider: tagger.provider, problem: headsProblem };
  } catch (error) {
    return { tagger: null, provider: 'none', problem: errorMessage(error) };
  }
}

async function openWithHeads(headsDir: string, options: TaggerOptions): Promise<Opened> {
  const tagger = await createTagger({ ...options, levelsModelPath: join(headsDir, 'mn04_levels.onnx') });
  try {
    const audioHead = await openAudioHead(headsDir, 1);
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
    await tagger.close();
    throw error;
  }
}
