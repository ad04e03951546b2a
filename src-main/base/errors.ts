import type { ApiErrorBody } from '../api/contract';

/** An error whose message is meant for the person using Hark; `code` maps onto HTTP statuses and CLI exit codes. */
export class HarkError extends Error {
  constructor(
    readonly code: ApiErrorBody['code'],
    message: string,
  ) {
    super(message);
    this.name = 'HarkError';
  }
}

export const badRequest = (message: string) => new HarkError('bad-request', message);
export const notFound = (message: string) => new HarkError('not-found', message);
export const forbidden = (message: string) => new HarkError('forbidden', message);

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
