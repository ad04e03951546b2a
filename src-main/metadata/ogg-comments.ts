// The comment header packets of Ogg codecs: Vorbis (type 3 "vorbis" ... framing bit) and Opus
// ("OpusTags" ..., RFC 7845 section 5.2). Both wrap an ordinary Vorbis comment list.
import { ascii } from '../container/bytes';
import { buildVorbisComments, readVorbisComments, setVorbisFields } from './vorbis-comment';

const VORBIS_COMMENT_HEADER = Buffer.from('\x03vorbis', 'latin1');
const OPUS_TAGS = Buffer.from('OpusTags', 'latin1');

/** `packet` (a Vorbis comment header) with the given fields set; other comments and the vendor kept. */
export function rewriteVorbisCommentHeader(packet: Buffer, fields: Record<string, string>): Buffer {
  if (!packet.subarray(0, 7).equals(VORBIS_COMMENT_HEADER))
    throw new Error('the second packet is not a Vorbis comment header');
  const { comments, end } = readVorbisComments(packet.subarray(7));
  // libvorbis refuses a comment header whose framing bit is missing, so such a file is damaged.
  if (!((packet[7 + end] ?? 0) & 1)) throw new Error('the Vorbis comment header has no framing bit');
  return Buffer.concat([
    VORBIS_COMMENT_HEADER,
    buildVorbisComments(setVorbisFields(comments, fields)),
    Buffer.from([1]),
  ]);
}

/** Checks the third Vorbis header is the setup header (it is copied as it is). */
export function isVorbisSetupHeader(packet: Buffer): boolean {
  return packet[0] === 5 && ascii(packet, 1, 6) === 'vorbis';
}

/**
 * `packet` (an OpusTags header) with the given fields set, zero-padded to `minLength` bytes when
 * it has no binary data to keep (so a shorter header can keep filling its old pages).
 */
export function rewriteOpusTags(packet: Buffer, fields: Record<string, string>, minLength = 0): Buffer {
  if (!packet.subarray(0, 8).equals(OPUS_TAGS)) throw new Error('the second packet is not an OpusTags header');
  const { comments, end } = readVorbisComments(packet.subarray(8));
  // RFC 7845: bytes after the comments are binary data to keep when the first one's lowest bit is
  // set; otherwise they are padding (opusenc adds some) that may be dropped.
  const rest = packet.subarray(8 + end);
  const binary = rest.length > 0 && rest[0]! & 1 ? rest : Buffer.alloc(0);
  const tags = Buffer.concat([OPUS_TAGS, buildVorbisComments(setVorbisFields(comments, fields)), binary]);
  if (binary.length > 0 || tags.length >= minLength) return tags;
  return Buffer.concat([tags, Buffer.alloc(minLength - tags.length)]);
}
