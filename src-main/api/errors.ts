// One error envelope for every transport. The renderer branches on `code`, never on English text.

/** Stable error codes that cross the api boundary. */
export type ApiErrorCode =
  | 'invalid-argument'
  | 'unknown-command'
  | 'not-found'
  | 'conflict'
  | 'unauthorized'
  | 'unavailable'
  /** This connection has too many commands running; answered at once, nothing was done. */
  | 'busy'
  | 'internal';

/** The serialisable error every transport carries. */
export interface ApiError {
  code: ApiErrorCode;
  message: string;
  details?: unknown;
}

/** An error thrown inside a handler that already knows its api code. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

const engineCodeToApiCode: Record<string, ApiErrorCode> = {};

/** Lets a domain error class with a `code` field map onto an api code (registered by the composition roots). */
export function registerErrorCode(domainCode: string, apiCode: ApiErrorCode): void {
  engineCodeToApiCode[domainCode] = apiCode;
}

/** Turns anything thrown into the envelope; unknown errors become `internal` with their message kept. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details };
  }
  if (error instanceof Error) {
    const domainCode = (error as { code?: unknown }).code;
    const mapped = typeof domainCode === 'string' ? engineCodeToApiCode[domainCode] : undefined;
    return { code: mapped ?? 'internal', message: error.message };
  }
  return { code: 'internal', message: String(error) };
}
