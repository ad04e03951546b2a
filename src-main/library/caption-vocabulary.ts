// The label data captions and renames read: the UCS table (CatID -> category names) and the AudioSet class list
// with its ontology (label -> model output index, and which labels are broader versions of others). Both are
// installed by `hark models install` under the models folder; without them captions still work, only plainer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadUcsTable, type UcsTable } from '../metadata/ucs';
import { readAudioSetClasses } from '../ml/text/label-sources';

export interface AudioSetVocabulary {
  /** The label's position in the tagger's outputs (and in stored window probabilities). */
  indexOf(label: string): number | undefined;
  /** True when `broader` is an ancestor of `label` in the ontology ("Animal" of "Dog"). */
  isBroader(broader: string, label: string): boolean;
}

export interface CaptionVocabulary {
  ucs: UcsTable | null;
  audioset: AudioSetVocabulary | null;
}

export const UCS_FOLDER = 'ucs';
export const AUDIOSET_FOLDER = 'audioset';

/** Never throws: a missing or unreadable part is null. */
export async function loadCaptionVocabulary(modelsDir: string): Promise<CaptionVocabulary> {
  const ucs = await loadUcsTable(join(modelsDir, UCS_FOLDER)).catch(() => null);
  let audioset: AudioSetVocabulary | null = null;
  try {
    const dir = join(modelsDir, AUDIOSET_FOLDER);
    const classes = readAudioSetClasses(dir);
    const ontology = JSON.parse(readFileSync(join(dir, 'ontology.json'), 'utf8')) as OntologyNode[];
    audioset = audioSetVocabulary(classes, ontology);
  } catch {
    audioset = null;
  }
  return { ucs, audioset };
}

export interface OntologyNode {
  id: string;
  name: string;
  child_ids?: string[];
}

export function audioSetVocabulary(
  classes: readonly { name: string }[],
  ontology: readonly OntologyNode[],
): AudioSetVocabulary {
  const index = new Map(classes.map((c, i) => [c.name, i]));
  const nameOf = new Map(ontology.map((node) => [node.id, node.name]));
  const parents = new Map<string, Set<string>>();
  for (const node of ontology) {
    for (const child of node.child_ids ?? []) {
      const childName = nameOf.get(child);
      if (!childName) continue;
      if (!parents.has(childName)) parents.set(childName, new Set());
      parents.get(childName)!.add(node.name);
    }
  }
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (label: string): Set<string> => {
    const known = ancestors.get(label);
    if (known) return known;
    const found = new Set<string>();
    ancestors.set(label, found); // guards against cycles
    for (const parent of parents.get(label) ?? []) {
      found.add(parent);
      for (const above of ancestorsOf(parent)) found.add(above);
    }
    return found;
  };
  return {
    indexOf: (label) => index.get(label),
    isBroader: (broader, label) => broader !== label && ancestorsOf(label).has(broader),
  };
}
