// Errors the metadata layer throws on purpose. Each carries a reason a person can read; callers
// (catalogue pass, CLI) record `message` as the failure reason and never need to parse it.

/** A file could not be probed: empty, not audio, truncated or unreadable. */
export class ProbeError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'ProbeError';
  }
}

export type WriteErrorCode = 'unsupported-format' | 'read-only' | 'corrupt' | 'io' | 'bad-request';

/** Metadata could not be written. The file is left exactly as it was. */
export class MetadataWriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: WriteErrorCode,
    reason: string,
  ) {
    super(reason);
    this.name = 'MetadataWriteError';
  }
}
