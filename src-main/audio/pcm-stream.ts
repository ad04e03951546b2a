import type { AudioFormat } from '../api/contract';
import type { AudioChunk, AudioStream } from './audio-stream';
import type { FileReader } from './file-reader';
import { BYTES_PER_SAMPLE, deinterleave, type PcmLayout } from './pcm';

/** About 1 MiB of file per block: a second or so of typical audio, a few MB of floats. */
const BLOCK_BYTES = 1 << 20;

/** WAV and AIFF: sample data read by byte ranges straight from the file. */
export class PcmStream implements AudioStream {
  readonly codec: string;
  readonly sampleRate: number;
  readonly channelCount: number;
  readonly totalFrames: number;
  private readonly frameBytes: number;
  private nextFrame = 0;

  constructor(
    private readonly reader: FileReader,
    private readonly layout: PcmLayout,
    readonly format: AudioFormat,
  ) {
    this.codec = layout.codec;
    this.sampleRate = layout.sampleRate;
    this.channelCount = layout.channels;
    this.totalFrames = layout.frames;
    this.frameBytes = BYTES_PER_SAMPLE[layout.encoding] * layout.channels;
  }

  get path(): string {
    return this.reader.path;
  }

  async read(): Promise<AudioChunk | null> {
    const remaining = this.totalFrames - this.nextFrame;
    if (remaining <= 0) return null;
    const frames = Math.min(remaining, Math.max(1, Math.floor(BLOCK_BYTES / this.frameBytes)));
    const bytes = await this.reader.readAt(this.layout.dataOffset + this.nextFrame * this.frameBytes, frames * this.frameBytes);
    // The file may have shrunk since its header was read; end cleanly with what is there.
    const whole = Math.floor(bytes.length / this.frameBytes);
    this.nextFrame = whole < frames ? this.totalFrames : this.nextFrame + frames;
    if (whole === 0) return null;
    return { channels: deinterleave(bytes, this.layout.encoding, this.channelCount), sampleRate: this.sampleRate };
  }

  close(): Promise<void> {
    return this.reader.close();
  }
}
