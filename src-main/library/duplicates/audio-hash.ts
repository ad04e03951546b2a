import { createHash } from 'node:crypto';
import { DecodeError } from '../../audio/decode-error';
import { openAudioStream } from '../../audio/open-stream';

/**
 * A hash of a file's decoded audio: channel count, sample rate, then every frame's samples (interleaved float32)
 * at the file's own rate, before any mixdown or resampling. Container, tags and extra chunks do not enter it, so a
 * WAV and a FLAC of the same 16-bit audio hash alike, and a re-encode or a resampled copy does not. Frames are hashed
 * in order whatever block sizes the decoder hands out. Throws DecodeError for a file that cannot be decoded.
 */
export async function audioHash(path: string): Promise<string> {
  const stream = await openAudioStream(path);
  try {
    const hash = createHash('sha256');
    let header: string | null = null;
    for (let chunk = await stream.read(); chunk; chunk = await stream.read()) {
      const { channels, sampleRate } = chunk;
      // The decoder's word on rate and channels (what read() gives), checked on every block like decodeFile does.
      const shape = `${channels.length}|${sampleRate}`;
      if (header === null) hash.update((header = shape));
      else if (shape !== header) throw new DecodeError('sample rate or channel count changes mid-stream', path);
      hash.update(interleave(channels));
    }
    if (header === null) hash.update('empty');
    return hash.digest('hex');
  } finally {
    await stream.close();
  }
}

function interleave(channels: Float32Array[]): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  const out = new Float32Array(frames * channels.length);
  channels.forEach((channel, c) => {
    for (let i = 0; i < frames; i++) out[i * channels.length + c] = channel[i]!;
  });
  return new Uint8Array(out.buffer);
}
