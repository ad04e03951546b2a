import type { AnalysisRecord } from '../store/analysis';
import type { FileAnalysis } from './analyse-file';

/** What turns a file's analysis into the record the library stores: the pipeline's keys and the auto-tagger. */
export interface RecordOptions {
  analysisKey: string;
  modelId: string | null;
  extensionKey?: string | null;
  /** The key for a file analysed without the extension's output although one is installed (it failed to open). */
  analysisKeyWithoutExtension?: string;
  autoTags?: (probs: Float32Array) => { source: 'audioset' | 'ucs'; label: string; score: number }[];
}

/** The stored record of one analysis: the same for a local index run and a seat of a shared catalogue. */
export function toAnalysisRecord(analysis: FileAnalysis, options: RecordOptions): AnalysisRecord {
  const missingOutput = options.extensionKey && analysis.probs && !analysis.extension;
  return {
    analysisKey: missingOutput ? (options.analysisKeyWithoutExtension ?? options.analysisKey) : options.analysisKey,
    modelId: analysis.probs ? options.modelId : null,
    duration: analysis.duration,
    probs: analysis.probs,
    features: analysis.features,
    extension:
      analysis.extension && options.extensionKey ? { key: options.extensionKey, output: analysis.extension } : null,
    peaks: analysis.peaks,
    peaksRate: analysis.peaksRate,
    windows: analysis.windows,
    autoTags: analysis.probs && options.autoTags ? options.autoTags(analysis.probs) : [],
  };
}
