/**
 * The one error the audio layer throws for anything wrong with a file. `reason` is short and meant for people
 * ("empty file", "truncated WAV data chunk", "unsupported codec: AAC"); the library's failure list shows it as is.
 */
export class DecodeError extends Error {
  constructor(
    readonly reason: string,
    readonly path?: string,
  ) {
    super(path ? `${reason}: ${path}` : reason);
    this.name = 'DecodeError';
  }
}
