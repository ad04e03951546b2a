import type { TextEncoderOptions, TextLevels } from './text-encoder';

/** Messages between the search and the text encoder's thread (text-encoder-worker.ts). */
export interface TextEncoderRequest {
  id: number;
  texts: string[];
  /** Also the encoder's pooled layers (embedWithLayers); without, `layers` come back empty. */
  withLayers: boolean;
}

export type TextEncoderReply = { id: number; levels: TextLevels[] } | { id: number; error: string };

export type TextEncoderWorkerData = TextEncoderOptions;
