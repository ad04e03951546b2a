// The label bank: every AudioSet class and every UCS category as an embedded sentence, so that a query's
// embedding can be compared with what the tagger can hear (AudioSet) and how sound editors file sounds (UCS).
// Embedding ~1,300 texts takes tens of seconds; the vectors are cached on disk and load in milliseconds.

import { cachedMatrix, embedTextsCached } from './embedding-cache';
import { readAudioSetClasses, readUcsEntries, type AudioSetClass, type UcsEntry } from './label-sources';
import { chooseTextTower, type SentenceEncoder } from './text-encoder';
import { similarityMatrix } from './vector-math';

export interface LabelBank {
  encoderId: string;
  dim: number;
  audioset: AudioSetClass[];
  /** audioset.length x dim, unit rows, in the tagger's output order. */
  audiosetEmbeddings: Float32Array;
  ucs: UcsEntry[];
  /** ucs.length x dim, unit rows. */
  ucsEmbeddings: Float32Array;
  /**
   * audioset.length x ucs.length similarity between the two vocabularies: the mean of the cosine of the full
   * texts and the cosine of the bare names ("Explosion" vs "Explosions real"), since long descriptions alone
   * match on phrasing ("Explosion. The sound of a rapid ... release of energy" -> "Fire burst. A sharp ... release").
   */
  audiosetUcsSimilarity: Float32Array;
}

/** Name and ontology description: measured better than the name alone for descriptive queries. */
export function audioSetLabelText(c: AudioSetClass): string {
  return c.description ? `${c.name}. ${c.description}` : c.name;
}

/** UCS's own short name, "Explosions real", for matching against AudioSet class names. */
export function ucsShortText(u: UcsEntry): string {
  return `${titleCase(u.category)} ${u.subCategory.toLowerCase()}`;
}

/**
 * "Category subcategory. Explanations. a, b, c": UCS names are terse upper-case codes; the explanation carries the
 * meaning and a few synonyms add the words people type. Long synonym lists are cut: they blur the sentence vector.
 */
export function ucsLabelText(u: UcsEntry, maxSynonyms = 8): string {
  const parts = [ucsShortText(u)];
  if (u.explanations) parts.push(u.explanations);
  const synonyms = u.synonyms.slice(0, maxSynonyms);
  if (synonyms.length) parts.push(synonyms.join(', '));
  return parts.join('. ');
}

export interface LabelBankOptions {
  /** Folder with class_labels_indices.csv and ontology.json (<modelsDir>/audioset). */
  audiosetDir: string;
  /** Folder with en.json (<modelsDir>/ucs). */
  ucsDir: string;
  /** Where embedding caches live (<modelsDir>/cache). */
  cacheDir: string;
  /** Loaded only when a cache is cold. */
  getEncoder: () => Promise<SentenceEncoder>;
  /** The encoder's id and dim (they key the caches); default: the tower chooseTextTower() picks. */
  encoderId?: string;
  dim?: number;
}

export async function loadLabelBank(options: LabelBankOptions): Promise<LabelBank> {
  const tower = options.encoderId === undefined || options.dim === undefined ? chooseTextTower() : null;
  const encoderId = options.encoderId ?? tower!.id;
  const dim = options.dim ?? tower!.dim;
  const audioset = readAudioSetClasses(options.audiosetDir);
  const ucs = readUcsEntries(options.ucsDir);
  // One encoder load shared by both caches when both are cold.
  let encoder: Promise<SentenceEncoder> | undefined;
  const getEncoder = () => (encoder ??= options.getEncoder());
  const common = { encoderId, dim, getEncoder, cacheDir: options.cacheDir };
  const as = await embedTextsCached({ ...common, name: 'audioset-labels', texts: audioset.map(audioSetLabelText) });
  const u = await embedTextsCached({ ...common, name: 'ucs-labels', texts: ucs.map((e) => ucsLabelText(e)) });
  const asNames = await embedTextsCached({ ...common, name: 'audioset-names', texts: audioset.map((c) => c.name) });
  const uNames = await embedTextsCached({ ...common, name: 'ucs-names', texts: ucs.map(ucsShortText) });
  // ~0.4 G multiply-adds (seconds on a busy machine): cached beside the embeddings it is made from.
  const similarityKey = [as.file, u.file, asNames.file, uNames.file, `bonus=${NAME_WORD_BONUS}`, 'v1'].join('|');
  const full = cachedMatrix(
    options.cacheDir,
    'audioset-ucs-similarity',
    similarityKey,
    audioset.length * ucs.length,
    () => {
      const both = similarityMatrix(as.matrix, u.matrix, dim);
      const names = similarityMatrix(asNames.matrix, uNames.matrix, dim);
      for (let i = 0; i < both.length; i++) both[i] = 0.5 * (both[i]! + names[i]!);
      addNameWordBonus(both, audioset, ucs);
      return both;
    },
  );
  return {
    encoderId,
    dim,
    audioset,
    audiosetEmbeddings: as.matrix,
    ucs,
    ucsEmbeddings: u.matrix,
    audiosetUcsSimilarity: full,
  };
}

/**
 * The sentence encoder misses plain word identity across the vocabularies ("Explosion" lands nearer "Fire burst"
 * than "Explosions real"): a shared word between an AudioSet name and a UCS category/subcategory adds a bonus
 * comparable to the gap between a right and a wrong match.
 */
export const NAME_WORD_BONUS = 0.1;

function addNameWordBonus(similarity: Float32Array, audioset: AudioSetClass[], ucs: UcsEntry[]): void {
  const ucsWords = ucs.map((u) => new Set(contentWords(`${u.category} ${u.subCategory}`)));
  audioset.forEach((c, i) => {
    const words = contentWords(c.name);
    ucsWords.forEach((set, j) => {
      if (words.some((w) => set.has(w))) similarity[i * ucs.length + j]! += NAME_WORD_BONUS;
    });
  });
}

const STOP_WORDS = new Set(['and', 'or', 'the', 'of', 'a', 'an', 'in', 'on', 'misc', 'general', 'other']);

/** Lower-case words with a crude plural fold, so "Explosions" meets "Explosion". */
export function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 2 && !STOP_WORDS.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}
