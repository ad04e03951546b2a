// The heads' part of the analysis pass, as an analysis extension: the encoder becomes mn04_levels.onnx (same
// logits and features, plus the level outputs), and each file's heard windows, pooled, go through audio_head.onnx
// into the codes the search ranks with: one small extra graph per file, not a second encoder run.

import { join } from 'node:path';
import type { AnalysisExtension } from '../analysis-extension';
import { fileLevels, levelsEncoder } from './audio-levels';
import { storedCodes } from './codes';
import { openAudioHead } from './heads';

export async function openHeadsAnalysis(dir: string): Promise<AnalysisExtension> {
  const audioHead = await openAudioHead(dir, 1);
  return {
    encoder: levelsEncoder(join(dir, 'mn04_levels.onnx')),
    async compute(windows) {
      return storedCodes(await audioHead.encode(fileLevels(windows), 1));
    },
    close: () => audioHead.close(),
  };
}
