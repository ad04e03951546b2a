// Soundminer-style keyword syntax -> an FTS5 expression.
//   space = AND   `OR` between terms   `-word` = NOT   "a phrase"   prefix*
// Every term is re-quoted for FTS5, so user input can never inject FTS5 syntax of its own.

export interface KeywordQuery {
  /** FTS5 expression of the positive part, or null when there is none. */
  match: string | null;
  /** FTS5 expression of the negated terms, or null. */
  exclude: string | null;
  /** The positive words, lower-cased, for highlighting and explanation; prefix terms end in `*`. */
  terms: string[];
}

interface Token {
  text: string;
  negated: boolean;
  phrase: boolean;
  prefix: boolean;
  isOr: boolean;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /(-?)"([^"]*)"?|(\S+)/g;
  for (const m of input.matchAll(pattern)) {
    if (m[2] !== undefined) {
      const text = m[2].trim();
      if (text) tokens.push({ text, negated: m[1] === '-', phrase: true, prefix: false, isOr: false });
      continue;
    }
    let word = m[3]!;
    if (word === 'OR' || word === '|') {
      tokens.push({ text: 'OR', negated: false, phrase: false, prefix: false, isOr: true });
      continue;
    }
    const negated = word.startsWith('-') && word.length > 1;
    if (negated) word = word.slice(1);
    const prefix = word.endsWith('*') && word.length > 1;
    if (prefix) word = word.replace(/\*+$/, '');
    if (word.replace(/[^\p{L}\p{N}]/gu, '') === '') continue;
    tokens.push({ text: word, negated, phrase: false, prefix, isOr: false });
  }
  return tokens;
}

function quote(token: Token): string {
  // FTS5 strings escape " by doubling it; the tokenizer then splits "hi-hat" into the phrase "hi hat".
  const quoted = `"${token.text.replace(/"/g, '""')}"`;
  return token.prefix ? `${quoted} *` : quoted;
}

// Words that carry no sound. Dropped from a query that has other words: "footsteps on gravel" must not require
// every file to contain "on". Quoted phrases keep them.
export const STOPWORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'on',
  'in',
  'at',
  'to',
  'and',
  'with',
  'for',
  'from',
  'by',
  'is',
  'some',
  'sound',
  'sounds',
]);

export function parseKeywordQuery(input: string): KeywordQuery {
  const all = tokenize(input);
  const meaningful = all.filter((t) => t.isOr || t.phrase || t.negated || !STOPWORDS.has(t.text.toLowerCase()));
  const tokens = meaningful.some((t) => !t.isOr && !t.negated) ? meaningful : all;
  const groups: string[][] = [];
  const negated: string[] = [];
  const terms: string[] = [];
  let joinNext = false;
  for (const token of tokens) {
    if (token.isOr) {
      joinNext = groups.length > 0;
      continue;
    }
    if (token.negated) {
      negated.push(quote(token));
      joinNext = false;
      continue;
    }
    const words = token.text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    terms.push(...(token.prefix ? words.map((word) => word + '*') : words));
    if (joinNext) groups[groups.length - 1]!.push(quote(token));
    else groups.push([quote(token)]);
    joinNext = false;
  }
  const match = groups.length
    ? groups.map((group) => (group.length > 1 ? `(${group.join(' OR ')})` : group[0])).join(' AND ')
    : null;
  const exclude = negated.length ? negated.join(' OR ') : null;
  return { match, exclude, terms: [...new Set(terms)] };
}

/** Which of the query's words appear in a file's indexed text: whole words, or prefixes for `word*` terms. */
export function matchedTerms(terms: readonly string[], text: string): string[] {
  const words = new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
  return terms.filter((term) =>
    term.endsWith('*') ? [...words].some((word) => word.startsWith(term.slice(0, -1))) : words.has(term),
  );
}
