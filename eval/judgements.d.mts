export interface QueryLine {
  kind: string;
  query: string;
  patterns: string[];
}
export interface Judgement {
  kind: string;
  relevant: Set<string>;
}
export function globToRegExp(glob: string): RegExp;
export function readQueries(file: string): QueryLine[];
export function resolveJudgements(queries: QueryLine[], namedPaths: string[]): Map<string, Judgement>;
export function pathNormaliser(library: string, variant: string): (p: string) => string;
