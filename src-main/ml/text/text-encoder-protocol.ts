import type { TextEncoderOptions } from './text-encoder';

/** What the text encoder's thread (text-encoder-worker.ts) is asked; calls are base/worker-client's. */
export interface TextEncoderRequest {
  texts: string[];
  /** Also the encoder's pooled layers (embedWithLayers); without, `layers` come back empty. */
  withLayers: boolean;
}

export type TextEncoderWorkerData = TextEncoderOptions;
