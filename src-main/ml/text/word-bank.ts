// Single-word sentence embeddings of the sound vocabulary (every word of the AudioSet and UCS label texts), cached
// on disk at install like the label bank. The trained heads read a query's words one by one: taking the known ones
// from here leaves only the sentence (and rare words) to the encoder at query time, 3-4 ms less a query.

import { audioSetLabelText, ucsLabelText } from './label-bank';
import { readAudioSetClasses, readUcsEntries } from './label-sources';
import { embedTextsCached } from './embedding-cache';
import { TEXT_EMBEDDING_DIM, TEXT_ENCODER_ID, type SentenceEncoder } from './text-encoder';
import { textWords } from './words';

export interface WordBank {
  /** The word's embedding as the encoder gives it for the word alone, or undefined when not in the bank. */
  get(word: string): Float32Array | undefined;
  readonly size: number;
}

export async function loadWordBank(options: {
  audiosetDir: string;
  ucsDir: string;
  cacheDir: string;
  getEncoder: () => Promise<SentenceEncoder>;
}): Promise<WordBank> {
  const texts = [
    ...readAudioSetClasses(options.audiosetDir).map(audioSetLabelText),
    ...readUcsEntries(options.ucsDir).map((entry) => ucsLabelText(entry)),
  ];
  const words = [...new Set(texts.flatMap(textWords))].sort();
  const dim = TEXT_EMBEDDING_DIM;
  const { matrix } = await embedTextsCached({
    texts: words,
    encoderId: TEXT_ENCODER_ID,
    dim,
    getEncoder: options.getEncoder,
    cacheDir: options.cacheDir,
    name: 'label-words',
  });
  const row = new Map(words.map((word, i) => [word, i]));
  return {
    size: words.length,
    get: (word) => {
      const i = row.get(word);
      return i === undefined ? undefined : matrix.subarray(i * dim, (i + 1) * dim);
    },
  };
}
