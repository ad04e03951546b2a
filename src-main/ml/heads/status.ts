import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../base/errors';
import type { AnalysisExtensionSpec } from '../analysis-extension';
import { TEXT_TOWERS } from '../text/text-encoder';
import { POOLING } from './audio-levels';
import { HEADS_ID, readHeadsManifest } from './heads';

/** Heads exported before the text tower was recorded in heads.json were all trained on USE-lite. */
const UNRECORDED_TOWER = TEXT_TOWERS['use-lite'].id;

export interface InstalledHeads {
  /** What `hark info` says of them. */
  info: { id: string; installed: boolean; problem?: string; fixture?: boolean };
  /** Set when installed: the analysis pass's extension that gives every file its codes. */
  extension: AnalysisExtensionSpec | null;
}

/**
 * Whether `npm run train` (or the test fixture) left complete heads in `dir`: a manifest and every file it lists
 * at its size, trained on `textTower` (the id of the text tower the app runs; null when none could be chosen).
 * Heads of another tower are refused: their text head reads that tower's vectors, and another tower's numbers,
 * even of the same width, would rank noise. Their absence is normal (they are trained, not downloaded) and says so
 * plainly.
 */
export function findHeads(dir: string | null, textTower: string | null): InstalledHeads {
  const absent = (problem: string): InstalledHeads => ({
    info: { id: HEADS_ID, installed: false, problem },
    extension: null,
  });
  if (!dir) return absent('needs the audio model');
  if (!existsSync(join(dir, 'heads.json'))) return absent('not trained here (npm run train installs them)');
  try {
    const manifest = readHeadsManifest(dir);
    const trainedOn = manifest.textTower ?? UNRECORDED_TOWER;
    if (textTower === null) return absent(`trained on text tower ${trainedOn}, the app runs none`);
    if (trainedOn !== textTower)
      return absent(`trained on text tower ${trainedOn}, the app runs ${textTower}: run npm run train again`);
    for (const file of manifest.files) {
      const path = join(dir, file.path);
      if (!existsSync(path)) return absent(`${file.path} is missing: run npm run train again`);
      if (statSync(path).size !== file.size)
        return absent(`${file.path} is damaged (size differs from heads.json): run npm run train again`);
    }
    const audioHead = manifest.files.find((file) => file.path === 'audio_head.onnx');
    if (!audioHead) return absent('heads.json lists no audio_head.onnx');
    return {
      info: { id: HEADS_ID, installed: true, fixture: manifest.fixture === true || undefined },
      extension: { kind: HEADS_ID, name: 'trained heads', key: headsKey(audioHead.sha256), dir },
    };
  } catch (error) {
    return absent(`heads.json cannot be read: ${errorMessage(error)}`);
  }
}

/**
 * `hark-heads@<hash>`: a hash of the audio head's weights and of how a file is pooled for it, so that retrained
 * heads, or a change of what they hear, analyse the library again and never read codes made otherwise.
 */
function headsKey(audioHeadSha256: string): string {
  return `${HEADS_ID}@${createHash('sha256').update(`${audioHeadSha256}\n${POOLING}`).digest('hex').slice(0, 12)}`;
}
