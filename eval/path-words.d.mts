export function splitWords(text: string): string[];
export function stem(word: string): string;
export function pathTerms(text: string): string[];
export function bm25Index(
  documents: string[],
  k1?: number,
  b?: number,
): { search(query: string): Array<{ index: number; score: number }> };
