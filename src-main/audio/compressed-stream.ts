import type { AudioFormat } from '../api/contract';
import type { AudioChunk, AudioStream, MonoChunk } from './audio-stream';
import { DecodeError } from './decode-error';
import type { FileReader } from '../container/file-reader';
import { MonoMixer } from './mono';

/** Compressed input fed to the decoder per step: a few seconds of audio for typical bit rates. */
const INPUT_BYTES = 128 * 1024;

export type Codec = 'flac' | 'mp3' | 'vorbis' | 'opus';

/** The shape shared by the @audio/decode-* streaming decoders (MIT, WASM builds of libFLAC, mpg123, libvorbis, libopus). */
interface BlockDecoder {
  decode(data: Uint8Array): { channelData: Float32Array[]; sampleRate: number };
  flush?(): { channelData: Float32Array[]; sampleRate: number };
  free(): void;
}

// Loaded on first use: each import compiles a WASM module, which a WAV-only library never needs.
const LOADERS: Record<Codec, () => Promise<BlockDecoder>> = {
  flac: async () => (await import('@audio/decode-flac')).decoder(),
  mp3: async () => (await import('@audio/decode-mp3')).decoder(),
  vorbis: async () => (await import('@audio/decode-vorbis')).decoder(),
  opus: async () => (await import('@audio/decode-opus')).decoder(),
};

const CODEC_NAMES: Record<Codec, string> = { flac: 'FLAC', mp3: 'MP3', vorbis: 'Vorbis', opus: 'Opus' };

export interface CompressedInfo {
  format: AudioFormat;
  codec: Codec;
  /** Where the codec's data starts (after an ID3 tag, for instance). */
  dataOffset: number;
  sampleRate: number;
  channelCount: number;
  totalFrames: number | null;
  /** mpg123 always hands back two channels; a mono MP3 keeps only the first. */
  keepChannels?: number;
  /**
   * The FLAC decoder scales integers by 1/(2^(bits-1) - 1); WAV, AIFF and sox use 1/2^(bits-1). Undoing it makes
   * a FLAC decode bit-identical to the WAV it was made from. Bits per sample, up to 24.
   */
  rescaleFromBits?: number;
}

export async function openCompressedStream(reader: FileReader, info: CompressedInfo): Promise<CompressedStream> {
  let decoder: BlockDecoder;
  try {
    decoder = await LOADERS[info.codec]();
  } catch (error) {
    throw new DecodeError(
      `${CODEC_NAMES[info.codec]} decoder failed to start: ${(error as Error).message}`,
      reader.path,
    );
  }
  return new CompressedStream(reader, decoder, info);
}

export class CompressedStream implements AudioStream {
  readonly format: AudioFormat;
  readonly codec: string;
  readonly sampleRate: number;
  readonly channelCount: number;
  readonly totalFrames: number | null;
  private position: number;
  private ended = false;
  private closed = false;
  private framesDecoded = 0;
  private readonly mixer = new MonoMixer();

  constructor(
    private readonly reader: FileReader,
    private readonly decoder: BlockDecoder,
    private readonly info: CompressedInfo,
  ) {
    this.format = info.format;
    this.codec = CODEC_NAMES[info.codec];
    this.sampleRate = info.sampleRate;
    this.channelCount = info.channelCount;
    this.totalFrames = info.totalFrames;
    this.position = info.dataOffset;
  }

  get path(): string {
    return this.reader.path;
  }

  async read(): Promise<AudioChunk | null> {
    const chunk = await this.decodeNext();
    const bits = this.info.rescaleFromBits;
    if (chunk && bits) for (const channel of chunk.channels) rescale(channel, bits);
    return chunk;
  }

  /**
   * The FLAC rescale folds into the mixdown's gain here instead of rounding every sample back to its integer:
   * within a float's last bit of read() + toMono, and about a third of the CPU time of decoding FLAC.
   */
  async readMono(): Promise<MonoChunk | null> {
    const chunk = await this.decodeNext();
    if (!chunk) return null;
    const bits = this.info.rescaleFromBits;
    const gain = bits ? (2 ** (bits - 1) - 1) / 2 ** (bits - 1) : 1;
    return {
      samples: this.mixer.mix(chunk.channels, gain),
      sampleRate: chunk.sampleRate,
      channels: chunk.channels.length,
    };
  }

  /** The decoder's next non-empty block, as it gives it (FLAC not yet rescaled); null at the end. */
  private async decodeNext(): Promise<AudioChunk | null> {
    while (!this.ended) {
      let block;
      if (this.position < this.reader.size) {
        const bytes = await this.reader.readAt(this.position, INPUT_BYTES);
        this.position += bytes.length;
        if (bytes.length === 0) this.position = this.reader.size;
        block = this.guard(() => this.decoder.decode(bytes));
      } else {
        this.ended = true;
        block = this.decoder.flush ? this.guard(() => this.decoder.flush!()) : null;
      }
      const frames = block?.channelData[0]?.length ?? 0;
      if (block && frames > 0) {
        this.framesDecoded += frames;
        const channels = this.info.keepChannels
          ? block.channelData.slice(0, this.info.keepChannels)
          : block.channelData;
        return { channels, sampleRate: block.sampleRate || this.sampleRate };
      }
    }
    if (this.framesDecoded === 0 && this.totalFrames !== 0) {
      throw new DecodeError(`no audio could be decoded (corrupt ${this.codec} data)`, this.reader.path);
    }
    return null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.decoder.free();
    } catch {
      // A decoder that failed half-way may refuse to free; its WASM memory goes with the instance anyway.
    }
    await this.reader.close();
  }

  /** WASM decoders throw plain errors (or strings) on bad data; turn them into a DecodeError with a reason. */
  private guard<T>(step: () => T): T {
    try {
      return step();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new DecodeError(`corrupt ${this.codec} data (${detail})`, this.reader.path);
    }
  }
}

function rescale(channel: Float32Array, bits: number): void {
  const fullScale = 2 ** (bits - 1);
  const decoderScale = fullScale - 1;
  for (let i = 0; i < channel.length; i++) channel[i] = Math.round(channel[i]! * decoderScale) / fullScale;
}
