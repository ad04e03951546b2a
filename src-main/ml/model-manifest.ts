// The manifests in <project>/models/*.json describe every model and data set Hark can install: which files,
// their sha256 and size, where they sit on a mirror, their licence and source. They are imported (not read at
// run time) so that a bundled build carries them wherever the code lands.
import audiosetManifest from '../../models/audioset.json';
import mn04Manifest from '../../models/efficientat-mn04-as.json';
import ucsManifest from '../../models/ucs.json';
import minilmManifest from '../../models/minilm-l6-v2-text.json';

export interface ModelFile {
  /** Path inside the model's folder, `/`-separated. */
  path: string;
  /** Path below the mirror root (a folder or an https URL with the same layout). */
  mirrorPath: string;
  sha256: string;
  size: number;
}

export interface ModelManifest {
  id: string;
  name: string;
  kind: string;
  licence: string;
  source: string;
  files: ModelFile[];
  /** Model-specific details (ONNX input names, preprocessing parameters); informative, read by the code that runs it. */
  [extra: string]: unknown;
}

function checked(manifest: unknown): ModelManifest {
  const m = manifest as Partial<ModelManifest>;
  const fail = (why: string) => {
    throw new Error(`Model manifest ${m.id ?? '(no id)'} is invalid: ${why}`);
  };
  if (typeof m.id !== 'string' || !/^[a-z0-9][a-z0-9.-]*$/.test(m.id))
    fail('id must be lower-case letters, digits, dots, dashes');
  if (!Array.isArray(m.files) || m.files.length === 0) fail('files must be a non-empty list');
  for (const file of m.files ?? []) {
    if (
      typeof file.path !== 'string' ||
      file.path.split('/').some((part) => part === '' || part === '.' || part === '..')
    ) {
      fail(`file path ${JSON.stringify(file.path)} must stay inside the model folder`);
    }
    if (typeof file.mirrorPath !== 'string' || file.mirrorPath.split('/').includes('..'))
      fail(`bad mirrorPath for ${file.path}`);
    if (typeof file.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(file.sha256)) fail(`bad sha256 for ${file.path}`);
    if (!Number.isInteger(file.size) || file.size < 0) fail(`bad size for ${file.path}`);
  }
  return m as ModelManifest;
}

export const MANIFESTS: readonly ModelManifest[] = [mn04Manifest, audiosetManifest, ucsManifest, minilmManifest].map(
  checked,
);

export function findManifest(id: string, manifests: readonly ModelManifest[] = MANIFESTS): ModelManifest {
  const manifest = manifests.find((m) => m.id === id);
  if (!manifest) throw new Error(`Unknown model "${id}". Known models: ${manifests.map((m) => m.id).join(', ')}.`);
  return manifest;
}

/** For tests and tools: validate a manifest that did not come from models/. */
export function parseManifest(json: unknown): ModelManifest {
  return checked(json);
}
