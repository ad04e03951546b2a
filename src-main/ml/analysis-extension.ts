// The analysis-extension hook: a model that runs in the analysis pass after the audio encoder, on each file's
// windows, and whose per-file output the library stores and a search ranks with. The trained heads (ml/heads/) are
// the one extension today; the analysis pass, the store and the search know only this shape.

/** One encoder window as an extension sees it: the encoder's outputs for that stretch of the file. */
export interface ExtensionWindow {
  /** Seconds from the start of the file. */
  start: number;
  end: number;
  /** The window's AudioSet probabilities. */
  probs: Float32Array;
  /** The encoder's embedding. */
  features: Float32Array;
  /** The extra graph outputs the extension asked the encoder for (`AnalysisExtension.encoder`), by name. */
  extra?: Readonly<Record<string, Float32Array>>;
}

/** One file's output of an extension, as the store keeps it. */
export interface ExtensionOutput {
  /** What the search's nearest-neighbour shortlist indexes for this file. */
  vector: Float32Array;
  /** Whatever else the extension needs to rank the file: bytes the core stores and hands back, never reads. */
  data: Uint8Array;
}

/** The stored outputs of some files (a query's shortlist), in the order asked; files without one are left out. */
export interface StoredOutputs {
  fileIds: number[];
  /** fileIds.length x the vector width, row after row. */
  vectors: Float32Array;
  /** One per file, as the extension stored it. */
  data: Uint8Array[];
}

/** Serialisable (it crosses to the analysis worker threads): which extension to open, and from where. */
export interface AnalysisExtensionSpec {
  /** Which extension (ml/open-extension.ts opens it by this). */
  kind: string;
  /** What it is called in messages, e.g. "trained heads". */
  name: string;
  /**
   * Identifies what makes the output (the extension's weights and how it reads a file): stored outputs are kept
   * under it, and files analysed under another key are analysed again.
   */
  key: string;
  /** The folder its files are in. */
  dir: string;
}

/** An opened extension, in one analysis thread. */
export interface AnalysisExtension {
  /**
   * An encoder graph to run instead of the installed one (same logits and embedding), with the extra outputs the
   * extension reads per window. Absent: the installed encoder.
   */
  readonly encoder?: { modelPath: string; extraOutputs: readonly string[] };
  /** One file's output from its windows (every window of the analysed audio, in order). */
  compute(windows: readonly ExtensionWindow[]): Promise<ExtensionOutput>;
  close(): Promise<void>;
}
