// How the heads' per-file codes are kept as an analysis extension's output (ml/analysis-extension.ts): the joint
// embedding is the vector the search's ANN shortlists by; the level codes and AudioSet probabilities are the bytes
// the scorer reads back, level codes first.

import type { ExtensionOutput, StoredOutputs } from '../analysis-extension';
import { AUDIO_CODES_SIZE, CLASSES, JOINT_DIM, type EncodedAudio } from './heads';

const CODES_BYTES = AUDIO_CODES_SIZE * 4;
const PROBS_BYTES = CLASSES * 4;

/** One file's codes (EncodedAudio of count 1) as stored. */
export function storedCodes(codes: Pick<EncodedAudio, 'ea' | 'za' | 'probs'>): ExtensionOutput {
  if (codes.ea.length !== JOINT_DIM || codes.za.length !== AUDIO_CODES_SIZE || codes.probs.length !== CLASSES) {
    throw new RangeError('expected the codes of one file');
  }
  const data = new Uint8Array(CODES_BYTES + PROBS_BYTES);
  data.set(new Uint8Array(codes.za.buffer, codes.za.byteOffset, CODES_BYTES), 0);
  data.set(new Uint8Array(codes.probs.buffer, codes.probs.byteOffset, PROBS_BYTES), CODES_BYTES);
  return { vector: Float32Array.from(codes.ea), data };
}

/**
 * Stored codes packed row after row, as the scorer reads them. Straight from the stored bytes into the packed
 * arrays: one copy (a Float32Array per row first cost ~1.5 ms a query at 100k files).
 */
export function unpackCodes(stored: StoredOutputs): EncodedAudio {
  const count = stored.fileIds.length;
  if (stored.vectors.length !== count * JOINT_DIM)
    throw new RangeError(`expected ${count} joint embeddings of ${JOINT_DIM}`);
  const za = new Float32Array(count * AUDIO_CODES_SIZE);
  const probs = new Float32Array(count * CLASSES);
  const zaBytes = new Uint8Array(za.buffer);
  const probsBytes = new Uint8Array(probs.buffer);
  stored.data.forEach((data, i) => {
    if (data.byteLength !== CODES_BYTES + PROBS_BYTES)
      throw new RangeError(`file ${stored.fileIds[i]} has codes of another layout`);
    zaBytes.set(data.subarray(0, CODES_BYTES), i * CODES_BYTES);
    probsBytes.set(data.subarray(CODES_BYTES), i * PROBS_BYTES);
  });
  return { count, ea: stored.vectors, za, probs };
}
