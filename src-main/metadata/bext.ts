// Broadcast Wave `bext` chunk (EBU Tech 3285, versions 0-2): read every field, and rewrite the
// Description while keeping every other byte of an existing chunk.
import { decodeField, encodeTruncated } from './text';

const DESCRIPTION = { at: 0, size: 256 };
const ORIGINATOR = { at: 256, size: 32 };
const ORIGINATOR_REFERENCE = { at: 288, size: 32 };
const ORIGINATION_DATE = { at: 320, size: 10 };
const ORIGINATION_TIME = { at: 330, size: 8 };
const TIME_REFERENCE = 338; // two uint32: low, high
const VERSION = 346;
const UMID = { at: 348, size: 64 };
const LOUDNESS = 412; // five int16 in 1/100 units (version 2)
const CODING_HISTORY = 602;

/** Size of a bext chunk without coding history. */
export const BEXT_FIXED_SIZE = CODING_HISTORY;
export const BEXT_DESCRIPTION_MAX = DESCRIPTION.size;

const LOUDNESS_FIELDS = [
  'LoudnessValue',
  'LoudnessRange',
  'MaxTruePeakLevel',
  'MaxMomentaryLoudness',
  'MaxShortTermLoudness',
] as const;
/** The value EBU tools write into a loudness field that was not measured. */
const LOUDNESS_UNSET = 0x7fff;

/** Flat `bext.*` fields; empty text fields are left out. */
export function parseBext(chunk: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  // Some writers emit short bext chunks; pad so every fixed field reads as empty rather than failing.
  const buf =
    chunk.length >= CODING_HISTORY ? chunk : Buffer.concat([chunk, Buffer.alloc(CODING_HISTORY - chunk.length)]);
  const text = (name: string, field: { at: number; size: number }) => {
    const value = decodeField(buf.subarray(field.at, field.at + field.size));
    if (value) out[`bext.${name}`] = value;
  };
  text('Description', DESCRIPTION);
  text('Originator', ORIGINATOR);
  text('OriginatorReference', ORIGINATOR_REFERENCE);
  text('OriginationDate', ORIGINATION_DATE);
  text('OriginationTime', ORIGINATION_TIME);
  const timeReference = buf.readUInt32LE(TIME_REFERENCE) + buf.readUInt32LE(TIME_REFERENCE + 4) * 2 ** 32;
  out['bext.TimeReference'] = String(timeReference);
  const version = buf.readUInt16LE(VERSION);
  out['bext.Version'] = String(version);
  if (version >= 1) {
    const umid = buf.subarray(UMID.at, UMID.at + UMID.size);
    if (umid.some((b) => b !== 0)) out['bext.UMID'] = umid.toString('hex');
  }
  if (version >= 2) {
    LOUDNESS_FIELDS.forEach((name, i) => {
      const raw = buf.readInt16LE(LOUDNESS + i * 2);
      if (raw !== LOUDNESS_UNSET) out[`bext.${name}`] = (raw / 100).toFixed(2);
    });
  }
  if (chunk.length > CODING_HISTORY) {
    const history = decodeField(chunk.subarray(CODING_HISTORY));
    if (history) out['bext.CodingHistory'] = history;
  }
  return out;
}

/**
 * A bext chunk payload with `description` in place. An existing chunk keeps all its other bytes;
 * without one a version 1 chunk is made (no loudness fields, so nothing claims a measurement).
 */
export function withBextDescription(existing: Buffer | null, description: string): Buffer {
  const buf = Buffer.alloc(Math.max(existing?.length ?? 0, BEXT_FIXED_SIZE));
  if (existing) existing.copy(buf);
  else buf.writeUInt16LE(1, VERSION);
  buf.fill(0, DESCRIPTION.at, DESCRIPTION.at + DESCRIPTION.size);
  encodeTruncated(description, DESCRIPTION.size).copy(buf, DESCRIPTION.at);
  return buf;
}
