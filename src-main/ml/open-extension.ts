// Opens an analysis extension by its kind: the one place that lists the extensions there are.

import type { AnalysisExtension, AnalysisExtensionSpec } from './analysis-extension';
import { HEADS_ID, openHeadsAnalysis } from './heads';

export async function openAnalysisExtension(spec: AnalysisExtensionSpec): Promise<AnalysisExtension> {
  if (spec.kind === HEADS_ID) return openHeadsAnalysis(spec.dir);
  throw new Error(`unknown analysis extension ${spec.kind}`);
}
