// RIFF LIST/INFO chunk: four-letter keys (INAM title, ICMT comment, IKEY keywords, IGNR genre, ...).
import { ascii, isFourCC } from '../container/bytes';
import { chunksIn } from '../container/chunks';
import { decodeField } from './text';

/** Flat `info.XXXX` fields from a LIST chunk body; non-INFO lists give nothing. */
export function parseInfoList(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  if (ascii(body, 0, 4) !== 'INFO') return out;
  for (const field of chunksIn(body, 4, true)) {
    const value = decodeField(field.body);
    if (isFourCC(body, field.offset) && value) out[`info.${field.id.trim()}`] = value;
  }
  return out;
}
