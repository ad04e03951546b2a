// RIFF LIST/INFO chunk: four-letter keys (INAM title, ICMT comment, IKEY keywords, IGNR genre, ...).
import { ascii } from './sniff';
import { decodeField } from './text';

/** Flat `info.XXXX` fields from a LIST chunk payload; non-INFO lists give nothing. */
export function parseInfoList(payload: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  if (ascii(payload, 0, 4) !== 'INFO') return out;
  let at = 4;
  while (at + 8 <= payload.length) {
    const id = ascii(payload, at, 4);
    const size = payload.readUInt32LE(at + 4);
    const end = Math.min(at + 8 + size, payload.length);
    const value = decodeField(payload.subarray(at + 8, end));
    if (/^[\x20-\x7e]{4}$/.test(id) && value) out[`info.${id.trim()}`] = value;
    at = at + 8 + size + (size & 1);
  }
  return out;
}
