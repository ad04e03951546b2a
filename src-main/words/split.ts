// How sound libraries write words in names and folders, undone: separators, case changes (acronyms included) and
// letter/digit boundaries. "FOLYCloth_RustleHeavy-02" -> FOLYCloth, FOLY, Cloth, RustleHeavy, Rustle, Heavy, 02.

const SEPARATORS = /[\s_\-.,;:()[\]{}+&/\\#~'"!?@=|<>*^%$`]+/u;

/** The pieces one separator-free part breaks into at case changes and letter/digit boundaries. */
export function caseParts(part: string): string[] {
  return part
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2') // rustleHeavy -> rustle Heavy
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2') // HTTPRequest -> HTTP Request, FOLYCloth -> FOLY Cloth
    .replace(/(\p{L})(\p{N})/gu, '$1 $2')
    .replace(/(\p{N})(\p{L})/gu, '$1 $2')
    .split(' ')
    .filter(Boolean);
}

/** The parts between separators, as written. */
export function separatedParts(text: string): string[] {
  return text.split(SEPARATORS).filter((part) => /[\p{L}\p{N}]/u.test(part));
}

/**
 * Every word a person might type for this text, in order, each once: each separated part as written, then its
 * case pieces when it has more than one. The original form stays so "kickdrum" still finds "KickDrum".
 */
export function splitWords(text: string): string[] {
  const out: string[] = [];
  for (const part of separatedParts(text)) {
    out.push(part);
    const pieces = caseParts(part);
    if (pieces.length > 1) out.push(...pieces);
  }
  return out;
}

/** The words of a text in reading order with no originals kept: for adjacency (phrases, joined neighbours). */
export function readingWords(text: string): string[] {
  return separatedParts(text).flatMap(caseParts);
}
