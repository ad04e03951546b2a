// The label bridge's tuned settings: how sharp a query's class weights are, how far the library's priors are
// floored, how much of the weight goes through UCS, and how much of the weight mass a query keeps.

import { TEXT_TOWERS, type TextTowerName } from '../../ml/text/text-encoder';

export interface BridgeSettings {
  /** Softmax temperature over query-label cosines; measured best around 0.02 (0.01 and 0.05 close). */
  temperature: number;
  /** Priors below this are raised to it: a class heard almost nowhere must not turn noise into a top hit. */
  priorFloor: number;
  /** Share of the query weight routed through UCS (0 = AudioSet texts only). */
  ucsShare: number;
  /** Softmax temperature of the query over UCS entries. */
  ucsTemperature: number;
  /** Weights are cut to the smallest set of classes holding this share of the mass (speed; exact at 1). */
  massKept: number;
  /**
   * Below this best query-to-label cosine the query names nothing the tagger can hear ("no good match"). Each
   * tower has its own cosine scale, so this is the tower's.
   */
  noMatchSimilarity: number;
}

// USE-lite's, chosen on the dev set (eval/, names-stripped library, 168 queries, neural only, mAP@10): T 0.02 best of
// 0.01/0.02/0.05/0.1 (0.105/0.114/0.108/0.072); prior floor 0.01 (1e-4: 0.107, 1e-3: 0.114, 0.01: 0.117);
// UCS route 0.5 at T 0.02 on top: 0.140 (0.25: 0.140, 1.0 alone: 0.120). Neighbouring settings score within
// 0.003, so these sit on a plateau rather than a dev-set peak. massKept 0.95 scores as exactly as 0.999 (0.141 vs
// 0.140) but keeps far fewer classes, since the UCS route spreads a thin tail of weight over hundreds of classes.
export const DEFAULT_BRIDGE_SETTINGS: BridgeSettings = {
  temperature: 0.02,
  priorFloor: 0.01,
  ucsShare: 0.5,
  ucsTemperature: 0.02,
  massKept: 0.95,
  noMatchSimilarity: 0.3,
};

// MiniLM's cosines spread wider than USE-lite's, so its softmax wants a higher temperature. eval/tune-bridge.ts on
// both names-stripped dev libraries (neural only, mean mAP@10 of the two): USE-lite's settings 0.163; T 0.05 with
// UCS T 0.03 0.171, and every neighbour (T 0.05-0.07, UCS T 0.02-0.03, share 0.25-0.5, floor 0.003-0.03) 0.166-0.171:
// a plateau. Its no-match line sits at the dev queries' 1st percentile of best label cosine (0.185 / 0.237).
// The flatter softmax spreads weight over more classes, so the mass kept is cut to 0.7: mean mAP@10 0.171 at 0.7, 0.8,
// 0.9 and 0.95 alike (0.169 at 0.8), while the fused query at 100k files takes 18.6 ms p50 instead of 36.7 (bench).
const MINILM_BRIDGE_SETTINGS: BridgeSettings = {
  ...DEFAULT_BRIDGE_SETTINGS,
  temperature: 0.05,
  ucsTemperature: 0.03,
  noMatchSimilarity: 0.2,
  massKept: 0.7,
};

/** Per text tower. */
const BY_TOWER: Record<TextTowerName, BridgeSettings> = {
  'use-lite': DEFAULT_BRIDGE_SETTINGS,
  'minilm-l6-v2': MINILM_BRIDGE_SETTINGS,
};

/** The settings tuned for the tower that made the label bank (its encoder id); USE-lite's for an unknown one. */
export function bridgeSettingsFor(encoderId: string): BridgeSettings {
  const tower = Object.values(TEXT_TOWERS).find((t) => t.id === encoderId);
  return tower ? BY_TOWER[tower.name] : DEFAULT_BRIDGE_SETTINGS;
}
