// Reading the two label vocabularies from the folders the model manager installs (<modelsDir>/audioset/ and
// <modelsDir>/ucs/): AudioSet's 527 classes in the tagger's output order, and UCS's 752 categories.

import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface AudioSetClass {
  /** Position in the tagger's 527 outputs. */
  index: number;
  mid: string;
  name: string;
  /** From the ontology; empty when the ontology lacks the mid. */
  description: string;
}

export interface UcsEntry {
  catId: string;
  category: string;
  subCategory: string;
  explanations: string;
  synonyms: string[];
}

/** class_labels_indices.csv gives order and names; ontology.json adds a description per mid. */
export function readAudioSetClasses(audiosetDir: string): AudioSetClass[] {
  const csv = readFileSync(path.join(audiosetDir, 'class_labels_indices.csv'), 'utf-8');
  const ontology = JSON.parse(readFileSync(path.join(audiosetDir, 'ontology.json'), 'utf-8')) as Array<{
    id: string;
    description?: string;
  }>;
  const descriptions = new Map(ontology.map((o) => [o.id, (o.description ?? '').trim()]));
  const classes: AudioSetClass[] = [];
  for (const line of csv.split(/\r?\n/).slice(1)) {
    if (!line.trim()) continue;
    const [index, mid, name] = parseCsvLine(line);
    if (index === undefined || mid === undefined || name === undefined) continue;
    classes.push({ index: Number(index), mid, name, description: descriptions.get(mid) ?? '' });
  }
  classes.sort((a, b) => a.index - b.index);
  classes.forEach((c, i) => {
    if (c.index !== i) throw new Error(`class_labels_indices.csv: expected index ${i}, found ${c.index}`);
  });
  return classes;
}

export function readUcsEntries(ucsDir: string): UcsEntry[] {
  const raw = JSON.parse(readFileSync(path.join(ucsDir, 'en.json'), 'utf-8')) as Array<Record<string, unknown>>;
  return raw.map((r) => ({
    catId: String(r.CatID),
    category: String(r.Category),
    subCategory: String(r.SubCategory),
    explanations: String(r.Explanations ?? '').trim(),
    synonyms: Array.isArray(r.Synonyms) ? r.Synonyms.map(String) : [],
  }));
}

/** The CSV quotes names that contain commas ("Male speech, man speaking"). */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
