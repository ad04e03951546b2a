import type { AudioFormat } from '../api/contract';

/** One block of decoded audio: one array per channel, all the same length. */
export interface AudioChunk {
  channels: Float32Array[];
  sampleRate: number;
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
  close(): Promise<void>;
}
