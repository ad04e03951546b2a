import type { AudioFormat } from '../api/contract';
import type { AudioStream, MonoChunk } from './audio-stream';
import { DecodeError } from './decode-error';
import { MonoMixer } from './mono';
import { openAudioStream } from './open-stream';
import { createResampler, type Resampler } from './resample';
import { assertDecodableRate } from './sample-rate';
import { SampleBuffer } from './sample-buffer';

export { DecodeError } from './decode-error';

export interface DecodedAudio {
  sampleRate: number;
  /** One array per channel, all the same length. */
  channels: Float32Array[];
  format: AudioFormat;
}

export interface DecodeOptions {
  /** Decode at most this much from the start of the file. */
  maxSeconds?: number;
}

export interface MonoAudio {
  samples: Float32Array;
  /** The rate asked for. */
  sampleRate: number;
  /** Seconds in the whole file, even when maxSeconds cut the decoding short. */
  duration: number;
  sourceRate: number;
  /** Channels in the source before the mixdown. */
  channels: number;
}

/** Decodes a whole file (or its first maxSeconds) to float channels. Throws DecodeError for anything wrong. */
export async function decodeFile(path: string, options: DecodeOptions = {}): Promise<DecodedAudio> {
  const stream = await openAudioStream(path);
  try {
    const expected = Math.min(stream.totalFrames ?? 0, frameLimit(stream.sampleRate, options.maxSeconds));
    const buffers = Array.from({ length: stream.channelCount }, () => new SampleBuffer(expected));
    let sampleRate = stream.sampleRate;
    let frames = 0;
    let first = true;
    while (frames < frameLimit(sampleRate, options.maxSeconds)) {
      const chunk = await readChunk(stream);
      if (!chunk) break;
      if (first) {
        // The decoder's word beats the header's (an Opus header's "input rate" is not the output rate, etc.).
        sampleRate = chunk.sampleRate;
        adjustChannelCount(buffers, chunk.channels.length, expected);
        first = false;
      } else if (chunk.sampleRate !== sampleRate) {
        throw new DecodeError('sample rate changes mid-stream', path);
      } else if (chunk.channels.length !== buffers.length) {
        throw new DecodeError('channel count changes mid-stream', path);
      }
      // The channel count was checked against `buffers` above, and a decoded chunk has at least one channel.
      const take = Math.min(chunk.channels[0]!.length, frameLimit(sampleRate, options.maxSeconds) - frames);
      chunk.channels.forEach((channel, c) => buffers[c]!.append(channel.subarray(0, take)));
      frames += take;
    }
    return { sampleRate, channels: buffers.map((buffer) => buffer.toArray()), format: stream.format };
  } finally {
    await stream.close();
  }
}

/**
 * What the analysis pass needs: block by block, mix to mono, resample to `targetRate`, append. Memory is the
 * output plus one block, whatever the source's rate and length. `duration` covers the whole file: when maxSeconds
 * stops decoding early it comes from the headers, or (when they do not say) from counting the rest.
 */
export async function decodeToMono(path: string, targetRate: number, options: DecodeOptions = {}): Promise<MonoAudio> {
  const stream = await openAudioStream(path);
  try {
    let sourceRate = stream.sampleRate;
    let channels = stream.channelCount;
    let limit = frameLimit(sourceRate, options.maxSeconds);
    const expectedSource = Math.min(stream.totalFrames ?? 0, limit);
    // Exactly the output length when the header is right, so that toArray() need not copy.
    const output = new SampleBuffer(Math.ceil((expectedSource * targetRate) / Math.max(1, sourceRate)));
    const append = (block: Float32Array) => output.append(block);
    const mixer = new MonoMixer();
    let resampler: Resampler | null = null;
    let frames = 0;
    let cutShort = false;
    let unusedInLastChunk = 0;
    for (let chunk = await readMono(stream, mixer); chunk; chunk = await readMono(stream, mixer)) {
      if (!resampler) {
        sourceRate = chunk.sampleRate;
        channels = chunk.channels;
        limit = frameLimit(sourceRate, options.maxSeconds);
        // The decoder's rate may differ from the header's that openAudioStream checked.
        assertDecodableRate(sourceRate, path);
        // Only what the models read needs to be clean: see resample-filter.ts.
        resampler = createResampler(sourceRate, targetRate, { quality: 'analysis' });
      } else if (chunk.sampleRate !== sourceRate) {
        throw new DecodeError('sample rate changes mid-stream', path);
      }
      const mono = chunk.samples;
      const take = Math.min(mono.length, limit - frames);
      resampler.processTo(take < mono.length ? mono.subarray(0, take) : mono, append);
      frames += take;
      unusedInLastChunk = mono.length - take;
      if (frames >= limit) {
        cutShort = take < mono.length || !isKnownEnd(stream, frames);
        break;
      }
    }
    resampler?.flushTo(append);
    let totalFrames = frames;
    if (cutShort) {
      const seen = frames + unusedInLastChunk;
      // A header estimate (MP3 without a Xing tag) can be a little short of what was already decoded.
      totalFrames =
        stream.totalFrames !== null ? Math.max(stream.totalFrames, seen) : seen + (await countRemainingFrames(stream));
    }
    return {
      samples: output.toArray(),
      sampleRate: targetRate,
      duration: sourceRate > 0 ? totalFrames / sourceRate : 0,
      sourceRate,
      channels,
    };
  } finally {
    await stream.close();
  }
}

/** The next block in mono: straight from the stream where it can (PCM), else decoded channels mixed down. */
async function readMono(stream: AudioStream, mixer: MonoMixer): Promise<MonoChunk | null> {
  if (stream.readMono) return stream.readMono();
  const chunk = await readChunk(stream);
  return chunk && { samples: mixer.mix(chunk.channels), sampleRate: chunk.sampleRate, channels: chunk.channels.length };
}

function frameLimit(sampleRate: number, maxSeconds: number | undefined): number {
  if (maxSeconds === undefined || !(maxSeconds >= 0)) return Infinity;
  return Math.floor(maxSeconds * sampleRate);
}

async function readChunk(stream: AudioStream) {
  const chunk = await stream.read();
  return chunk && chunk.channels.length > 0 ? chunk : null;
}

/** Exact end when the header knows the length; otherwise assume more follows (a decoder may still hold some). */
function isKnownEnd(stream: AudioStream, framesRead: number): boolean {
  return stream.totalFrames !== null && framesRead >= stream.totalFrames;
}

async function countRemainingFrames(stream: AudioStream): Promise<number> {
  let frames = 0;
  for (let chunk = await readChunk(stream); chunk; chunk = await readChunk(stream))
    frames += chunk.channels[0]?.length ?? 0;
  return frames;
}

/** Decoders know the channel count better than some headers (Ogg FLAC, chained streams): follow them. */
function adjustChannelCount(buffers: SampleBuffer[], count: number, expected: number): void {
  while (buffers.length < count) buffers.push(new SampleBuffer(expected));
  buffers.length = count;
}
