import { ascii, view } from './bytes';
import { walkChunks } from './chunks';
import type { FileReader } from './file-reader';

// AIFF and AIFF-C (Apple): big-endian IFF chunks. COMM says what the samples are, SSND holds them.

export interface AiffComm {
  channels: number;
  /** Sample frames as COMM states them; 0 from recorders that never came back to fill it in. */
  frames: number;
  bits: number;
  sampleRate: number;
  /** AIFF-C compression type ('NONE', 'sowt', 'fl32', ...); 'NONE' for plain AIFF. */
  compression: string;
}

export interface AiffLayout {
  form: 'AIFF' | 'AIFC';
  /** null when there is none; 'corrupt' when it is too short or its values are impossible. */
  comm: AiffComm | 'corrupt' | null;
  /** Where the sample frames lie; null when there is no SSND chunk, 'cut' when the file ends inside its header. */
  sound: { offset: number; bytes: number } | 'cut' | null;
}

/** The COMM and SSND chunks of the FORM whose header is at `start`; null when it is no AIFF or AIFF-C form. */
export async function readAiff(reader: FileReader, start = 0): Promise<AiffLayout | null> {
  const head = await reader.readAt(start, 12);
  const form = ascii(head, 8, 4);
  if (ascii(head, 0, 4) !== 'FORM' || (form !== 'AIFF' && form !== 'AIFC')) return null;
  const layout: AiffLayout = { form, comm: null, sound: null };
  await walkChunks(reader, start + 12, false, async (chunk) => {
    if (chunk.id === 'COMM') {
      layout.comm = parseComm(await reader.readAt(chunk.bodyOffset, Math.min(chunk.size, 64)), form === 'AIFC');
    } else if (chunk.id === 'SSND') {
      const body = await reader.readAt(chunk.bodyOffset, 8);
      if (body.length < 8) {
        layout.sound = 'cut';
        return 'stop';
      }
      const offset = view(body).getUint32(0, false);
      const soundStart = chunk.bodyOffset + 8 + offset;
      // Recorders that never closed the file leave a zero or oversized chunk size: the file's end decides then.
      const declared = chunk.size >= 8 + offset ? chunk.size - 8 - offset : 0;
      const available = Math.max(0, reader.size - soundStart);
      layout.sound = { offset: soundStart, bytes: declared === 0 ? available : Math.min(declared, available) };
      if (declared === 0 || declared > available) return 'stop';
    }
  });
  return layout;
}

function parseComm(body: Uint8Array, isAifc: boolean): AiffComm | 'corrupt' {
  if (body.length < 18) return 'corrupt';
  const fields = view(body);
  const comm: AiffComm = {
    channels: fields.getInt16(0, false),
    frames: fields.getUint32(2, false),
    bits: fields.getInt16(6, false),
    sampleRate: readExtended(body, 8),
    compression: isAifc && body.length >= 22 ? ascii(body, 18, 4) : 'NONE',
  };
  if (comm.channels <= 0 || comm.bits <= 0 || !(comm.sampleRate > 0 && comm.sampleRate < 1e7)) return 'corrupt';
  return comm;
}

/** IEEE 754 80-bit extended (big-endian), the form AIFF stores its sample rate in. */
export function readExtended(bytes: Uint8Array, offset: number): number {
  const fields = view(bytes);
  const signAndExponent = fields.getUint16(offset, false);
  const mantissa = fields.getUint32(offset + 2, false) * 2 ** 32 + fields.getUint32(offset + 6, false);
  const exponent = signAndExponent & 0x7fff;
  if (exponent === 0 && mantissa === 0) return 0;
  if (exponent === 0x7fff) return NaN;
  const value = mantissa * 2 ** (exponent - 16383 - 63);
  return signAndExponent & 0x8000 ? -value : value;
}
