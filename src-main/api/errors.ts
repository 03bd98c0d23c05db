// One error envelope for every transport, and the one table that says which api code each engine
// error class crosses the boundary with. The renderer branches on `code`, never on English text;
// the message is the engine's own, written for the operator to act on.
import {
  BytesOutOfBoundsError,
  ClockAbortedError,
  CollateralOutOfBoundsError,
  ContentUnavailableError,
  InvalidArgumentError,
  MarketError,
  NotFoundError,
  QueueNotRunningError,
  QuotaNotEnoughError,
  SaleError,
  SlotDataRejectedError,
  SlotQueueItemExistsError,
  SlotsOutOfRangeError,
  UntilOutOfBoundsError,
  type MarketErrorCode,
} from '../engine/index';

/**
 * Stable error codes that cross the api boundary, one per thing the operator can do about it:
 * fix a value, raise the quota or offer less, fund the wallet, reload, wait, or report a bug.
 */
export type ApiErrorCode =
  | 'invalid-argument'
  | 'quota-exceeded'
  | 'insufficient-funds'
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

/** An error class the table knows, and its api code (fixed, or read from the instance). */
interface ErrorMapping<E extends Error = Error> {
  readonly type: abstract new (...args: never[]) => E;
  readonly code: ApiErrorCode | ((error: E) => ApiErrorCode);
}

const map = <E extends Error>(
  type: abstract new (...args: never[]) => E,
  code: ErrorMapping<E>['code'],
): ErrorMapping => ({ type, code }) as ErrorMapping;

/** A market call that failed: no money, no market, or the contract's state refused it. */
function marketCode(code: MarketErrorCode): ApiErrorCode {
  if (code === 'ERC20InsufficientBalance') return 'insufficient-funds';
  if (code === 'MarketUnavailable') return 'unavailable';
  return 'conflict';
}

/**
 * Every error class the engine exports (engine/index.ts), and the api code it becomes. A class
 * missing here reaches the dashboard as `internal`; test/main/api/errors.test.ts fails on that.
 */
const engineErrors: readonly ErrorMapping[] = [
  map(InvalidArgumentError, 'invalid-argument'),
  map(BytesOutOfBoundsError, 'invalid-argument'),
  map(CollateralOutOfBoundsError, 'invalid-argument'),
  map(UntilOutOfBoundsError, 'invalid-argument'),
  map(SlotsOutOfRangeError, 'invalid-argument'),
  map(QuotaNotEnoughError, 'quota-exceeded'),
  map(NotFoundError, 'not-found'),
  map(SlotQueueItemExistsError, 'conflict'),
  map(QueueNotRunningError, 'unavailable'),
  map(ClockAbortedError, 'unavailable'),
  map(ContentUnavailableError, 'unavailable'),
  map(SlotDataRejectedError, 'conflict'),
  map(MarketError, (error) => marketCode(error.code)),
  map(SaleError, (error) => (error.code === 'request-unknown' ? 'not-found' : 'conflict')),
];

/** Turns anything thrown into the envelope; errors the table does not know become `internal`, message kept. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details };
  }
  if (error instanceof Error) {
    const mapping = engineErrors.find((m) => error instanceof m.type);
    const code = typeof mapping?.code === 'function' ? mapping.code(error) : mapping?.code;
    return { code: code ?? 'internal', message: error.message };
  }
  return { code: 'internal', message: String(error) };
}
