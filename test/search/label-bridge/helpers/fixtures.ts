// A toy library for the label bridge's math: three classes with 2-d unit label embeddings ("dog" along x, "rain"
// along y, "speech" diagonal) and four files' probabilities, row-major.
import type { BridgeLabels } from '../../../../src-main/search/label-bridge/query-weights';
import type { BridgeSettings } from '../../../../src-main/search/label-bridge/settings';

export const labels: BridgeLabels = {
  dim: 2,
  classEmbeddings: Float32Array.from([1, 0, 0, 1, Math.SQRT1_2, Math.SQRT1_2]),
};
export const names = ['dog', 'rain', 'speech'];
export const settings: BridgeSettings = {
  temperature: 0.1,
  priorFloor: 0.001,
  ucsShare: 0,
  ucsTemperature: 0.1,
  massKept: 1,
  noMatchSimilarity: 0.3,
};

// Four files x three classes.
export const probs = Float32Array.from([
  0.9,
  0.0,
  0.8, // dog + speech
  0.1,
  0.9,
  0.8, // rain + speech
  0.3,
  0.0,
  0.8, // a little dog + speech
  0.0,
  0.1,
  0.0, // quiet
]);
