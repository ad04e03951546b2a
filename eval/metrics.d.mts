import type { Judgement } from './judgements.mjs';
export interface Metrics {
  queries: number;
  map10: number;
  r1: number;
  r10: number;
}
export interface RunLine {
  query: string;
  results: Array<{ path: string; score?: number }>;
}
export function averagePrecisionAt(relevantFlags: boolean[], numRelevant: number, k?: number): number;
export function evaluate(
  runs: RunLine[],
  judgements: Map<string, Judgement>,
  k?: number,
): {
  all: Metrics;
  byKind: Record<string, Metrics>;
  rows: Array<{ query: string; kind: string; ap: number; r1: number; r10: number }>;
};
export function listAudio(dir: string, base?: string): string[];
