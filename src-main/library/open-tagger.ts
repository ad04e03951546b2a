import { errorMessage } from '../base/errors';
import type { AnalysisExtensionSpec } from '../ml/analysis-extension';
import { openAnalysisExtension } from '../ml/open-extension';
import { createTagger, type TaggerOptions } from '../ml/tagger';
import type { Tagger } from './analyse-file';
import type { WorkerInit } from './analysis-protocol';

type Opened = { tagger: Tagger | null; provider: string; problem?: string };

/**
 * Opens the audio encoder if a model is installed; without one, analysis still decodes and draws waveforms.
 * With an analysis extension installed (the trained heads), the encoder is the one it asks for and each file also
 * gets the extension's output, computed from the same encoder run. An extension that fails to open costs only its
 * output: the plain tagger runs, the problem is reported, and the files are analysed again once it works.
 */
export async function openTagger(init: WorkerInit): Promise<Opened> {
  if (!init.modelId) return { tagger: null, provider: 'none' };
  const options: TaggerOptions = { modelsDir: init.modelsDir, provider: init.provider as never, threads: init.threads };
  let extensionProblem: string | undefined;
  if (init.extension) {
    try {
      return await openWithExtension(init.extension, options);
    } catch (error) {
      extensionProblem = `${init.extension.name} not used: ${errorMessage(error)}`;
    }
  }
  try {
    const tagger = await createTagger(options);
    return { tagger, provider: tagger.provider, problem: extensionProblem };
  } catch (error) {
    return { tagger: null, provider: 'none', problem: errorMessage(error) };
  }
}

async function openWithExtension(spec: AnalysisExtensionSpec, options: TaggerOptions): Promise<Opened> {
  const extension = await openAnalysisExtension(spec);
  try {
    const tagger = await createTagger({ ...options, encoder: extension.encoder });
    const withExtension: Tagger = {
      async tag(samples) {
        const tags = await tagger.tag(samples);
        return { ...tags, extension: await extension.compute(tags.windows) };
      },
    };
    return { tagger: withExtension, provider: tagger.provider };
  } catch (error) {
    await extension.close();
    throw error;
  }
}
