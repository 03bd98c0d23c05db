// Engine errors are values with a stable `code` that api/ maps to its envelope and statuses, and a
// message an operator can act on. Where Codex's REST API has a text for the same condition, the
// message is that text verbatim, so Codex's SDK and scripts read the same words from Slotkeeper.

/** Stable identifiers of every engine error; api/ and the renderer branch on these, never on messages. */
export type EngineErrorCode =
  | 'invalid-argument'
  | 'not-found'
  | 'bytes-out-of-bounds'
  | 'collateral-out-of-bounds'
  | 'until-out-of-bounds'
  | 'quota-not-enough'
  | 'slot-queue-item-exists'
  | 'queue-not-running'
  | 'slots-out-of-range'
  | 'availability-in-use'
  | 'storage-fault';

/** Base class of every error the engine reports on purpose. */
export abstract class EngineError extends Error {
  /** The stable identifier of this kind of error. */
  abstract readonly code: EngineErrorCode;

  /** Facts for the dashboard beside the message (e.g. the field and the operator's words), as strings. */
  readonly details?: Readonly<Record<string, string>>;

  constructor(message: string, options?: { cause?: unknown; details?: Readonly<Record<string, string>> }) {
    super(message, options);
    this.name = new.target.name;
    if (options?.details !== undefined) this.details = options.details;
  }
}

/** Input that breaks a rule of the domain (zero sizes, negative values, forbidden fields). */
export class InvalidArgumentError extends EngineError {
  /** Always `invalid-argument`. */
  readonly code = 'invalid-argument' as const;
}

/** The availability or reservation named does not exist. */
export class NotFoundError extends EngineError {
  /** Always `not-found`. */
  readonly code = 'not-found' as const;
}

/** More bytes asked of an availability or a reservation than it holds. */
export class BytesOutOfBoundsError extends EngineError {
  /** Always `bytes-out-of-bounds`. */
  readonly code = 'bytes-out-of-bounds' as const;
}

/** More collateral asked of an availability than it has left. */
export class CollateralOutOfBoundsError extends EngineError {
  /** Always `collateral-out-of-bounds`. */
  readonly code = 'collateral-out-of-bounds' as const;
}

/** An availability's `until` that is negative or earlier than a slot it already hosts. */
export class UntilOutOfBoundsError extends EngineError {
  /** Always `until-out-of-bounds`. */
  readonly code = 'until-out-of-bounds' as const;
}

/** The repo quota has no room for the bytes asked. */
export class QuotaNotEnoughError extends EngineError {
  /** Always `quota-not-enough`. */
  readonly code = 'quota-not-enough' as const;
}

/** The slot is already waiting in the slot queue. */
export class SlotQueueItemExistsError extends EngineError {
  /** Always `slot-queue-item-exists`. */
  readonly code = 'slot-queue-item-exists' as const;
}

/** The slot queue was used before start() or after stop(). */
export class QueueNotRunningError extends EngineError {
  /** Always `queue-not-running`. */
  readonly code = 'queue-not-running' as const;
}

/** A request whose slot count is outside 1..65535. */
export class SlotsOutOfRangeError extends EngineError {
  /** Always `slots-out-of-range`. */
  readonly code = 'slots-out-of-range' as const;
}

/** An availability that still holds slots cannot be deleted. */
export class AvailabilityInUseError extends EngineError {
  /** Always `availability-in-use`. */
  readonly code = 'availability-in-use' as const;
}

/** Why the data folder cannot take a write. */
export type StorageFaultKind = 'disk-full' | 'read-only' | 'no-permission' | 'io-error';

/**
 * A write to the data folder (slot data, a database, a file beside them) failed because of the
 * disk, not the data: it is full, mounted read-only, not ours to write, or failing. Retrying the
 * same write works once the disk is fixed; the engine stops taking slots until then.
 */
export class StorageFaultError extends EngineError {
  /** Always `storage-fault`. */
  readonly code = 'storage-fault' as const;

  constructor(
    /** What is wrong with the disk. */
    readonly kind: StorageFaultKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Whether `error` is the disk's fault (so the write can wait), not the data's. */
export function isStorageFault(error: unknown): error is StorageFaultError {
  return error instanceof StorageFaultError;
}

/** Codex's REST texts, kept in one place because clients match on them. */
export const CodexTexts = {
  totalSizeZero: 'Total size must be larger then zero',
  durationZero: 'duration must be larger then zero',
  minPriceZero: 'minPricePerBytePerSecond must be larger then zero',
  totalCollateralZero: 'totalCollateral must be larger then zero',
  quota: 'Not enough storage quota',
  untilNegative: 'Cannot set until to a negative value',
  untilBeforeHostedSlot: 'Until parameter must be greater or equal to the longest currently hosted slot',
  freeSizeReadOnly: 'Updating freeSize is not allowed',
  availabilityNotFound: 'Availability not found',
  tooManySlots: 'Too many slots',
  totalSizeInUse: (inUse: bigint): string =>
    `New totalSize must be larger then current totalSize - freeSize, which is currently: ${inUse}`,
} as const;
