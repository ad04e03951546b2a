// Plain caption text from what the tagger heard and what was measured: no invented detail, only the tags' own
// words in a fixed template ("Dog, bark; short one-shot, bright") and keywords a person would type.
import type { MeasuredCharacter } from '../store/captions';
import type { AudioSetVocabulary } from './caption-vocabulary';

export interface TagLike {
  label: string;
  score: number;
}

export interface CaptionText {
  description: string;
  keywords: string[];
}

/** A tag must reach this to appear in a caption; the top tag needs only MIN_TOP_SCORE. */
export const MIN_TAG_SCORE = 0.2;
export const MIN_TOP_SCORE = 0.1;
const MAX_DESCRIPTION_TAGS = 3;
const MAX_KEYWORDS = 15;

/** Character thresholds. Centroids: a 440 Hz tone is dark, white noise (about fs/4) bright. */
export const SHORT_MAX_SECONDS = 5;
export const DARK_BELOW_HZ = 800;
export const BRIGHT_ABOVE_HZ = 3500;
export const QUIET_BELOW_LUFS = -35;
export const LOUD_ABOVE_LUFS = -14;

// AudioSet names whose first alternative reads badly on its own ("Walk" for footsteps).
const READABLE: Record<string, string> = {
  'Walk, footsteps': 'footsteps',
  Run: 'running',
  'Vehicle horn, car horn, honking': 'car horn',
  'Speech synthesizer': 'synthetic speech',
};

// Acoustic scenes describe where, not what: they end the description instead of starting it.
const SCENES: Record<string, string> = {
  'Inside, small room': 'in a small room',
  'Inside, large room or hall': 'in a large room or hall',
  'Inside, public space': 'in a public space',
  'Outside, urban or manmade': 'outdoors, urban',
  'Outside, rural or natural': 'outdoors, rural',
};

/** "Male speech, man speaking" -> "male speech"; names a person would say first. */
export function readableName(label: string): string {
  return (READABLE[label] ?? label.split(', ')[0]!).toLowerCase();
}

export function characterWords(measured: MeasuredCharacter): string[] {
  const words: string[] = [];
  if (measured.duration !== null) words.push(measured.duration <= SHORT_MAX_SECONDS ? 'short' : 'long');
  if (measured.loop !== null) words.push(measured.loop ? 'loop' : 'one-shot');
  if (measured.centroidHz !== null) {
    if (measured.centroidHz < DARK_BELOW_HZ) words.push('dark');
    else if (measured.centroidHz > BRIGHT_ABOVE_HZ) words.push('bright');
  }
  if (measured.loudnessLufs !== null) {
    if (measured.loudnessLufs < QUIET_BELOW_LUFS) words.push('quiet');
    else if (measured.loudnessLufs > LOUD_ABOVE_LUFS) words.push('loud');
  }
  return words;
}

/**
 * `tags`: AudioSet tags, best first. `category`: UCS names to add as keywords (the file's own or a confident
 * suggestion). `vocabulary`, when installed, drops umbrella tags from the description (the keywords keep them).
 */
export function captionText(
  tags: readonly TagLike[],
  measured: MeasuredCharacter,
  category: { category: string; subCategory: string } | null,
  vocabulary: AudioSetVocabulary | null,
): CaptionText {
  const heard = tags.filter((tag, i) => tag.score >= MIN_TAG_SCORE || (i === 0 && tag.score >= MIN_TOP_SCORE));
  const sounds = heard.filter((tag) => !(tag.label in SCENES));
  const scene = heard.find((tag) => tag.label in SCENES);
  // An umbrella over two or more of the other tags says nothing they do not ("Animal" over "Dog" and "Bark"); a
  // parent of just one often reads better beside it ("Dog, bark").
  const specific = sounds.filter(
    (tag) => sounds.filter((other) => vocabulary?.isBroader(tag.label, other.label)).length < 2,
  );
  const names = unique(specific.map((tag) => readableName(tag.label))).slice(0, MAX_DESCRIPTION_TAGS);

  const character = characterWords(measured);
  const characterPhrase = characterSentence(character);
  let description: string;
  if (names.length > 0) {
    description = capitalise(names.join(', ')) + (scene ? `, ${SCENES[scene.label]}` : '');
    if (characterPhrase) description += `; ${characterPhrase}`;
  } else {
    description = characterPhrase ? capitalise(characterPhrase) : '';
  }

  const tagWords = heard.flatMap((tag) => [
    readableName(tag.label),
    ...tag.label.split(', ').map((w) => w.toLowerCase()),
  ]);
  const categoryWords = category
    ? [category.category, category.subCategory].filter(Boolean).map((w) => w.toLowerCase())
    : [];
  const keywords = unique([...tagWords, ...categoryWords, ...character]).slice(0, MAX_KEYWORDS);
  return { description, keywords };
}

/** ["short", "one-shot", "bright"] -> "short one-shot, bright". */
function characterSentence(words: string[]): string {
  const shape = words.filter((w) => ['short', 'long', 'loop', 'one-shot'].includes(w)).join(' ');
  const qualities = words.filter((w) => !['short', 'long', 'loop', 'one-shot'].includes(w));
  return [shape, ...qualities].filter(Boolean).join(', ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function unique(words: string[]): string[] {
  return [...new Set(words.map((w) => w.trim()).filter(Boolean))];
}
