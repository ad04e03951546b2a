import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LibraryInfo } from '../api/contract';
import { errorMessage } from '../base/errors';
import { HEADS_ID, readHeadsManifest } from '../ml/heads/heads';

export interface InstalledHeads {
  info: LibraryInfo['heads'];
  /** Set when installed. */
  dir: string | null;
  /** `hark-heads@<hash of the audio head>`: keys the per-file codes, changes when the heads are retrained. */
  modelId: string | null;
}

/**
 * Whether `npm run train` (or the test fixture) left complete heads in `dir`: a manifest and every file it lists
 * at its size. Their absence is normal (they are trained, not downloaded) and says so plainly.
 */
export function findHeads(dir: string | null): InstalledHeads {
  const absent = (problem: string): InstalledHeads => ({ info: { id: HEADS_ID, installed: false, problem }, dir: null, modelId: null });
  if (!dir) return absent('needs the audio model');
  if (!existsSync(join(dir, 'heads.json'))) return absent('not trained here (npm run train installs them)');
  try {
    const manifest = readHeadsManifest(dir);
    for (const file of manifest.files) {
      const path = join(dir, file.path);
      if (!existsSync(path)) return absent(`${file.path} is missing: run npm run train again`);
      if (statSync(path).size !== file.size) return absent(`${file.path} is damaged (size differs from heads.json): run npm run train again`);
    }
    const audioHead = manifest.files.find((file) => file.path === 'audio_head.onnx');
    if (!audioHead) return absent('heads.json lists no audio_head.onnx');
    return {
      info: { id: HEADS_ID, installed: true, fixture: manifest.fixture === true || undefined },
      dir,
      modelId: `${HEADS_ID}@${audioHead.sha256.slice(0, 12)}`,
    };
  } catch (error) {
    return absent(`heads.json cannot be read: ${errorMessage(error)}`);
  }
}
