import type { ApiErrorBody } from '../../src-main/api/contract';

type ErrorCode = ApiErrorBody['code'];
const CODES: readonly ErrorCode[] = ['bad-request', 'not-found', 'forbidden', 'unavailable', 'internal'];

/** An error from the Hark service, with the contract's stable `code`, whichever transport carried it. */
export class HarkApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HarkApiError';
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (CODES as readonly string[]).includes(value);
}

/** Turns whatever a transport threw or returned into a HarkApiError. */
export function toApiError(value: unknown, status?: number): HarkApiError {
  if (value instanceof HarkApiError) return value;
  if (value && typeof value === 'object') {
    const { code, message } = value as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : String(value);
    // Electron prefixes errors thrown in the main process: "Error invoking remote method 'x': Error: ...".
    const clean = text.replace(/^Error invoking remote method '[^']*': (\w*Error: )?/, '');
    return new HarkApiError(isErrorCode(code) ? code : codeFromStatus(status), clean, status);
  }
  return new HarkApiError(codeFromStatus(status), String(value), status);
}

function codeFromStatus(status: number | undefined): ErrorCode {
  if (status === 400) return 'bad-request';
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 503) return 'unavailable';
  return 'internal';
}
