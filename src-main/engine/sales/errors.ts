// Errors a sale ends with. Each has a stable code (the dashboard and api branch on it) and a
// message that says what happened to the slot in the operator's terms; Codex's own texts are kept
// where it has them.

/** Stable identifiers of the ways a sale can go wrong. */
export type SaleErrorCode =
  | 'request-unknown'
  | 'host-mismatch'
  | 'slot-freed'
  | 'slot-not-filled'
  | 'unexpected-slot-state'
  | 'sale-failed'
  | 'slot-root-mismatch'
  | 'slot-data-missing'
  | 'interrupted';

/** Base of the errors a sale ends with. */
export class SaleError extends Error {
  constructor(
    /** What went wrong, for code to branch on. */
    readonly code: SaleErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SaleError';
  }
}

/** The market no longer knows the request (or never did). */
export function requestUnknown(): SaleError {
  return new SaleError('request-unknown', 'request could not be retrieved');
}

/** Someone else holds the slot we were selling. */
export function hostMismatch(): SaleError {
  return new SaleError('host-mismatch', 'Slot filled by other host');
}

/** The slot was taken from us (missed proofs or freed) while we were proving. */
export function slotFreed(): SaleError {
  return new SaleError('slot-freed', 'Slot was forcibly freed');
}

/** The chain says the slot is not filled (Free or Paid) while we were proving. */
export function slotNotFilled(state: string): SaleError {
  return new SaleError('slot-not-filled', `Slot is not filled (chain says ${state})`);
}

/** The chain reports a slot state a restored sale cannot continue from. */
export function unexpectedSlotState(state: string): SaleError {
  return new SaleError('unexpected-slot-state', `Slot state on chain should not be '${state.toLowerCase()}'`);
}

/** The request failed: too many slots were lost; the collateral of a filled slot is forfeited. */
export function saleFailed(): SaleError {
  return new SaleError('sale-failed', 'Sale failed');
}

/** A proof was asked for a sale whose data is not in the repo. */
export function slotDataMissing(key: string): SaleError {
  return new SaleError('slot-data-missing', `No slot data in the repo under ${key}; the sale cannot prove`);
}

/** The app stopped before the slot was filled; the sale was dropped at the next start. */
export function interrupted(): SaleError {
  return new SaleError('interrupted', 'Sale interrupted by a restart before the slot was filled');
}

/** The error's message, for logs and the sale's history. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
