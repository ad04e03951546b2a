import type { AudioFormat } from '../api/contract';

/** One block of decoded audio: one array per channel, all the same length. */
export interface AudioChunk {
  channels: Float32Array[];
  sampleRate: number;
}

/** One block already mixed down to mono. */
export interface MonoChunk {
  samples: Float32Array;
  sampleRate: number;
  /** Channels in the source before the mixdown. */
  channels: number;
}

/** A file being decoded block by block, so memory stays bounded whatever the file's length. */
export interface AudioStream {
  readonly path: string;
  readonly format: AudioFormat;
  /** Short codec name for people: "PCM 24-bit", "FLAC", "MP3", "Vorbis", "Opus". */
  readonly codec: string;
  /** From the file's header. Compressed decoders confirm it in each chunk's own `sampleRate`. */
  readonly sampleRate: number;
  readonly channelCount: number;
  /** Frames in the whole file as the headers state or estimate (MP3 without a Xing tag); null when unknown. */
  readonly totalFrames: number | null;
  /** The next block, or null at the end. Throws DecodeError on corrupt data. */
  read(): Promise<AudioChunk | null>;
  /**
   * The next block mixed down to mono, where the stream can do that cheaper than read() + toMono (PCM: straight
   * from the file's bytes). The samples are valid only until the next call: the memory is reused.
   */
  readMono?(): Promise<MonoChunk | null>;
  close(): Promise<void>;
}
