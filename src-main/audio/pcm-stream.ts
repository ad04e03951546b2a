import type { AudioFormat } from '../api/contract';
import type { AudioChunk, AudioStream, MonoChunk } from './audio-stream';
import type { FileReader } from '../container/file-reader';
import { BYTES_PER_SAMPLE, deinterleave, mixToMono, type PcmLayout } from './pcm';

/** About 1 MiB of file per block: a second or so of typical audio, a few MB of floats. */
const BLOCK_BYTES = 1 << 20;
/**
 * readMono() reuses its memory from block to block, and smaller blocks mean less fresh memory per file: first
 * touches of new pages are a large share of decoding a short WAV.
 */
const MONO_BLOCK_BYTES = 1 << 18;

/** WAV and AIFF: sample data read by byte ranges straight from the file. */
export class PcmStream implements AudioStream {
  readonly codec: string;
  readonly sampleRate: number;
  readonly channelCount: number;
  readonly totalFrames: number;
  private readonly frameBytes: number;
  private nextFrame = 0;
  private monoBytes: Uint8Array | null = null;
  private monoSamples: Float32Array | null = null;

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
    const bytes = await this.reader.readAt(
      this.layout.dataOffset + this.nextFrame * this.frameBytes,
      frames * this.frameBytes,
    );
    // The file may have shrunk since its header was read; end cleanly with what is there.
    const whole = Math.floor(bytes.length / this.frameBytes);
    this.nextFrame = whole < frames ? this.totalFrames : this.nextFrame + frames;
    if (whole === 0) return null;
    return { channels: deinterleave(bytes, this.layout.encoding, this.channelCount), sampleRate: this.sampleRate };
  }

  async readMono(): Promise<MonoChunk | null> {
    const remaining = this.totalFrames - this.nextFrame;
    if (remaining <= 0) return null;
    // Sized once, for the whole file when it is short.
    const blockFrames = Math.min(this.totalFrames, Math.max(1, Math.floor(MONO_BLOCK_BYTES / this.frameBytes)));
    this.monoBytes ??= new Uint8Array(blockFrames * this.frameBytes);
    this.monoSamples ??= new Float32Array(blockFrames);
    const frames = Math.min(remaining, blockFrames);
    const bytes = this.monoBytes.subarray(0, frames * this.frameBytes);
    const read = await this.reader.readInto(this.layout.dataOffset + this.nextFrame * this.frameBytes, bytes);
    // The file may have shrunk since its header was read; end cleanly with what is there.
    const whole = Math.floor(read / this.frameBytes);
    this.nextFrame = whole < frames ? this.totalFrames : this.nextFrame + frames;
    if (whole === 0) return null;
    const wholeBytes = bytes.subarray(0, whole * this.frameBytes);
    const count = mixToMono(wholeBytes, this.layout.encoding, this.channelCount, this.monoSamples);
    return { samples: this.monoSamples.subarray(0, count), sampleRate: this.sampleRate, channels: this.channelCount };
  }

  close(): Promise<void> {
    return this.reader.close();
  }
}
