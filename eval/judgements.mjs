// Reads eval/queries.tsv and turns its glob patterns into the set of relevant files of a library variant.
// Paths are compared relative to <library>/named; the stripped variant maps its random ids back through
// <library>/stripped-map.json, so both variants share one set of judgements.

import { readFileSync } from 'node:fs';
import path from 'node:path';

/** "*" stays inside a folder, "**" crosses folders, "?" is one character; case-sensitive like the file system. */
export function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** [{ kind, query, patterns }] from the TSV (lines starting with # and the header are skipped). */
export function readQueries(file) {
  const out = [];
  for (const line of readFileSync(file, 'utf-8').split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#') || line.startsWith('kind\t')) continue;
    const [kind, query, relevant] = line.split('\t');
    if (!kind || !query || !relevant) throw new Error(`bad line in ${file}: ${line}`);
    out.push({
      kind,
      query,
      patterns: relevant
        .split(' ; ')
        .map((p) => p.trim())
        .filter(Boolean),
    });
  }
  return out;
}

/** Map from query text to the Set of named-relative paths that are relevant, given all named paths. */
export function resolveJudgements(queries, namedPaths) {
  const judgements = new Map();
  for (const q of queries) {
    const regexps = q.patterns.map(globToRegExp);
    const relevant = new Set(namedPaths.filter((p) => regexps.some((r) => r.test(p))));
    judgements.set(q.query, { kind: q.kind, relevant });
  }
  return judgements;
}

/**
 * A function turning a result path (absolute, or relative to the variant folder) into the named-relative path
 * that the judgements use.
 */
export function pathNormaliser(library, variant) {
  const base = path.resolve(library, variant);
  const map =
    variant === 'stripped' ? JSON.parse(readFileSync(path.join(library, 'stripped-map.json'), 'utf-8')) : null;
  return (p) => {
    let rel = path.isAbsolute(p) ? path.relative(base, p) : p;
    rel = rel.split(path.sep).join('/');
    return map ? (map[rel] ?? rel) : rel;
  };
}
