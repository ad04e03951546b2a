// A stretch of a file's audio at its own rate and channel count: the frames from `start` to `end` seconds, decoded
// block by block so a region late in a long file never holds more than the region and one block in memory.
import type { AudioStream } from './audio-stream';
import { DecodeError } from './decode-error';
import { openAudioStream } from './open-stream';
import { SampleBuffer } from './sample-buffer';

export interface AudioRegion {
  sampleRate: number;
  channels: Float32Array[];
  /** The source's codec, e.g. "PCM 24-bit", so a writer can keep its precision. */
  codec: string;
}

export async function readRegion(path: string, start: number, end: number): Promise<AudioRegion> {
  const stream = await openAudioStream(path);
  try {
    return await collect(stream, start, end);
  } finally {
    await stream.close();
  }
}

async function collect(stream: AudioStream, start: number, end: number): Promise<AudioRegion> {
  let buffers: SampleBuffer[] | null = null;
  let sampleRate = stream.sampleRate;
  let position = 0; // frames decoded so far
  for (;;) {
    const chunk = await stream.read();
    if (!chunk || chunk.channels.length === 0) break;
    if (!buffers) {
      // The decoder's rate beats the header's, as in decodeFile.
      sampleRate = chunk.sampleRate;
      buffers = chunk.channels.map(() => new SampleBuffer(Math.ceil((end - start) * sampleRate)));
    } else if (chunk.sampleRate !== sampleRate || chunk.channels.length !== buffers.length) {
      throw new DecodeError('the stream changes its format mid-way', stream.path);
    }
    const first = Math.round(start * sampleRate);
    const last = Math.round(end * sampleRate); // exclusive
    const length = chunk.channels[0]!.length;
    const from = Math.max(0, first - position);
    const to = Math.min(length, last - position);
    if (to > from) chunk.channels.forEach((channel, c) => buffers![c]!.append(channel.subarray(from, to)));
    position += length;
    if (position >= last) break;
  }
  const channels = (buffers ?? []).map((buffer) => buffer.toArray());
  if (channels.length === 0 || channels[0]!.length === 0)
    throw new DecodeError('the selection lies past the end of the audio', stream.path);
  return { sampleRate, channels, codec: stream.codec };
}
